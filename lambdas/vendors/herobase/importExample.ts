import { RE2JS } from 're2js';
/*
 * The import example service describes each campaign field in one string (the guide's format):
 *   "example <field>, type is <type>, regex used for validation <regex>"
 * Pure parsing of that string, and a local check of lead data against the parsed specs.
 */

/** One campaign field as the import example advertises it. */
export interface HeroBaseFieldSpec {
  name: string;
  /** The vendor's type name: varchar, text, phone, … */
  type: string;
  /** The validation regex as the vendor wrote it (a .NET pattern; usually also a valid JavaScript one). */
  regex: string;
  /** Listed in the default (not ShowAllDataEntries) view: the import needs a value for it. */
  required: boolean;
  /** The example value ("example <field>"). */
  example: string;
}

const TYPE_MARK = ', type is ';
const REGEX_MARK = ', regex used for validation ';

/**
 * Parses one field's example string, or undefined when it is not in the guide's format.
 *
 * The regex is everything after the FIRST ", regex used for validation " that follows the type, so a regex may
 * contain commas and even those words. The type is a single token without commas (varchar, phone, …). The
 * example part is matched against the known field name first ("example <name>"), which makes a field name that
 * itself contains ", type is " harmless; any other example text falls back to the first ", type is ".
 */
export function parseFieldExample(name: string, text: string): Omit<HeroBaseFieldSpec, 'required'> | undefined {
  let example: string;
  let rest: string;
  const expected = `example ${name}${TYPE_MARK}`;
  if (text.startsWith(expected)) {
    example = `example ${name}`;
    rest = text.slice(expected.length);
  } else {
    const at = text.indexOf(TYPE_MARK);
    if (at < 0) return undefined;
    example = text.slice(0, at);
    rest = text.slice(at + TYPE_MARK.length);
  }
  const regexAt = rest.indexOf(REGEX_MARK);
  if (regexAt < 0) return undefined;
  const type = rest.slice(0, regexAt).trim();
  if (!/^[^,\s][^,]*$/.test(type)) return undefined;
  return { name, type, regex: rest.slice(regexAt + REGEX_MARK.length), example };
}

/**
 * The field specs of a campaign from its import example views. `required` is "listed in the default view" (the
 * guide: the default view shows the entries the import needs); `all` is the ShowAllDataEntries view, when read.
 * Order: the all view's, or the default view's. Returns the names of fields whose text could not be parsed.
 */
export function toFieldSpecs(
  defaultView: Readonly<Record<string, string>>,
  allView?: Readonly<Record<string, string>>,
): { specs: HeroBaseFieldSpec[]; unparsable: string[] } {
  const required = new Set(Object.keys(defaultView));
  const source = allView ? { ...allView, ...Object.fromEntries(Object.entries(defaultView).filter(([k]) => !(k in allView))) } : defaultView;
  const specs: HeroBaseFieldSpec[] = [];
  const unparsable: string[] = [];
  for (const [name, text] of Object.entries(source)) {
    const parsed = parseFieldExample(name, text);
    if (parsed) specs.push({ ...parsed, required: required.has(name) });
    else unparsable.push(name);
  }
  return { specs, unparsable };
}

/** A field the vendor would refuse, named with a reason that never quotes the value. */
export interface HeroBaseFieldProblem {
  field: string;
  message: string;
}

/**
 * Checks lead data against the specs as the vendor validates an import: every required field present and not
 * blank, every present value matching its field's regex (in RE2: see compile). A regex RE2 cannot run is
 * skipped, since only the vendor can judge it. With `reportUnknown` (for specs read with
 * ShowAllDataEntries, which list every field), a data entry the campaign does not define is reported too.
 */
export function checkLeadData(
  specs: readonly HeroBaseFieldSpec[],
  data: Readonly<Record<string, string>>,
  options: { reportUnknown?: boolean } = {},
): HeroBaseFieldProblem[] {
  const problems: HeroBaseFieldProblem[] = [];
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const spec of specs) {
    const value = data[spec.name];
    if (value === undefined || value.trim() === '') {
      if (spec.required) problems.push({ field: spec.name, message: 'is required' });
      continue;
    }
    const regex = compile(spec.regex);
    if (!regex) continue;
    if (value.length > MAX_VALIDATED_CHARS)
      problems.push({ field: spec.name, message: `could not be validated: longer than ${MAX_VALIDATED_CHARS} characters` });
    else if (!regex.matcher(value).find()) problems.push({ field: spec.name, message: 'does not match the validation regex' });
  }
  for (const field of Object.keys(data)) {
    if (options.reportUnknown && !byName.has(field)) problems.push({ field, message: 'is not a field of the campaign' });
  }
  return problems;
}

/**
 * The campaign's regexes come from the vendor and run on lead data, so they run in a linear-time engine (RE2JS: no
 * backtracking, a pattern such as `^(\d+)+$` cannot stall the export), on values of bounded length. A pattern RE2
 * cannot run (a backreference, a lookaround, a .NET-only construct) is skipped, as one JavaScript cannot compile
 * was: only the vendor can judge it. Compiled once per pattern.
 */
const compiled = new Map<string, RE2JS | undefined>();
/** Longer values are not matched (a campaign field holds a name, a phone, an address line). */
export const MAX_VALIDATED_CHARS = 1_000;

function compile(source: string): RE2JS | undefined {
  if (!compiled.has(source)) {
    let regex: RE2JS | undefined;
    try {
      regex = RE2JS.compile(source);
    } catch {
      regex = undefined;
    }
    // Bounded by the campaigns a process sees: a handful of fields each.
    if (compiled.size < 1_000) compiled.set(source, regex);
    return regex;
  }
  return compiled.get(source);
}
