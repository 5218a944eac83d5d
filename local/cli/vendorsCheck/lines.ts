/*
 * What `leadflow vendors check` prints: one line per reading, a reading being one statement of how Leadflow reads
 * a vendor's document by default (the document's own words where it has some, Leadflow's stated choice where it is
 * silent).
 *
 * The rule, the same for every vendor:
 *   confirmed                                  the vendor answered as the reading says.
 *   contradicted (<field>: <what came>; …)     the vendor answered otherwise. "; accepted" means Leadflow's code reads
 *                                              that alternative too (jobs work), and the line says which reading this
 *                                              account uses; "; not accepted" means jobs fail or lose answers. A
 *                                              refused credential contradicts "credentials are accepted".
 *   not checked (<why>)                        nothing was seen that decides it (needs --spend 1, no credential
 *                                              configured, a rate limit, a vendor error, an earlier step failed).
 * Exit status: 1 when any line is contradicted (accepted or not: the user asked which readings their account
 * contradicts), else 0.
 *
 * Nothing on a line comes from a lead or a credential: fields are names, "what came" is a status code, a letter case,
 * a key name or a word from a documented list, never a value the vendor returned for the synthetic lead.
 */

export const CHECKED_VENDORS = ['leadspace', 'leadgenius', 'aggknowledge', 'herobase'] as const;
export type CheckedVendor = (typeof CHECKED_VENDORS)[number];

export type Verdict =
  | { verdict: 'confirmed'; detail?: string }
  | { verdict: 'contradicted'; field: string; came: string; accepted?: boolean }
  | { verdict: 'not checked'; why: string };

export type CheckLine = {
  vendor: CheckedVendor;
  /** stable, for tests and scripts: `leadspace.externalId` */
  id: string;
  /** the statement of Leadflow's default reading */
  reading: string;
} & Verdict;

export const confirmed = (detail?: string): Verdict => ({ verdict: 'confirmed', ...(detail !== undefined && { detail }) });

/** `accepted`: whether Leadflow reads the alternative; leave it out where the question does not arise (a refusal). */
export const contradicted = (field: string, came: string, accepted?: boolean): Verdict => ({
  verdict: 'contradicted',
  field,
  came,
  ...(accepted !== undefined && { accepted }),
});

export const notChecked = (why: string): Verdict => ({ verdict: 'not checked', why });

export function formatVerdict(v: Verdict): string {
  switch (v.verdict) {
    case 'confirmed':
      return v.detail ? `confirmed (${v.detail})` : 'confirmed';
    case 'contradicted': {
      const consequence = v.accepted === undefined ? '' : v.accepted ? '; accepted' : '; not accepted';
      return `contradicted (${v.field}: ${v.came}${consequence})`;
    }
    case 'not checked':
      return `not checked (${v.why})`;
  }
}

/** One line per reading, in columns, then a count; nothing else. */
export function formatLines(lines: readonly CheckLine[]): string {
  const vendorWidth = Math.max(0, ...lines.map((l) => l.vendor.length));
  const readingWidth = Math.max(0, ...lines.map((l) => l.reading.length));
  const rows = lines.map((l) => `${l.vendor.padEnd(vendorWidth)}  ${l.reading.padEnd(readingWidth)}  ${formatVerdict(l)}`);
  const count = (verdict: Verdict['verdict']) => lines.filter((l) => l.verdict === verdict).length;
  rows.push('', `${count('confirmed')} confirmed, ${count('contradicted')} contradicted, ${count('not checked')} not checked`);
  return `${rows.join('\n')}\n`;
}

export function exitCodeFor(lines: readonly CheckLine[]): 0 | 1 {
  return lines.some((l) => l.verdict === 'contradicted') ? 1 : 0;
}

/** Lines of one vendor, built in order; `rest` closes every reading not reached with the same reason. */
export class LineBook {
  readonly lines: CheckLine[] = [];

  constructor(
    private readonly vendor: CheckedVendor,
    private readonly readings: Readonly<Record<string, string>>,
  ) {}

  put(id: string, verdict: Verdict): void {
    const reading = this.readings[id];
    if (reading === undefined) throw new RangeError(`unknown reading ${this.vendor}.${id}`);
    this.lines.push({ vendor: this.vendor, id: `${this.vendor}.${id}`, reading, ...verdict });
  }

  has(id: string): boolean {
    return this.lines.some((l) => l.id === `${this.vendor}.${id}`);
  }

  /** Every reading not yet written gets `verdict`, in the order the readings are declared. */
  rest(verdict: Verdict): CheckLine[] {
    for (const id of Object.keys(this.readings)) if (!this.has(id)) this.put(id, verdict);
    return this.done();
  }

  /** The lines in the order the readings are declared (a line written early still prints in its place). */
  done(): CheckLine[] {
    const order = Object.keys(this.readings).map((id) => `${this.vendor}.${id}`);
    return [...this.lines].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }
}
