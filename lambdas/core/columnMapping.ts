import { COLUMN_ALIASES, headerKey, type MappableField } from './columnAliases';
import { LEAD_FIELDS, type LeadField } from './leadFields';
import { describeColumns } from './intakeView';
import { ERROR_NAMES } from './errorNames';

export type { MappableField } from './columnAliases';

/** Every name an override may use: the lead fields and `fullName`. */
export const MAPPABLE_FIELDS: readonly MappableField[] = [...LEAD_FIELDS, 'fullName'];

/** An override the file cannot satisfy. The message names the field or column, which are not lead data. */
export class ColumnMappingError extends Error {
  override readonly name = ERROR_NAMES.columnMapping;

  constructor(message: string) {
    super(message);
  }
}

/** Which input column feeds which lead field. Built by `mapColumns`. */
export class ColumnMapping {
  constructor(
    /** The header the mapping was made for. */
    readonly header: readonly string[],
    /** Column index per lead field; a field no column feeds is absent. */
    readonly columns: Readonly<Partial<Record<LeadField, number>>>,
    /**
     * A "Full Name" column, kept only when first or last name has no column of its own: it is split at the last
     * space to fill the missing one(s).
     */
    readonly fullNameColumn: number | undefined,
  ) {}
}

/**
 * Maps a header to lead fields: each field takes the column whose name matches its best-ranked alias, ignoring
 * case, spacing and punctuation; among equal matches the leftmost column wins.
 *
 * @param overrides field name to exact header name (case-insensitive), or `""` to leave the field unmapped.
 *   They win over automatic mapping. `fullName` may be overridden too.
 * @throws ColumnMappingError when an override names an unknown field or a column the header lacks.
 */
export function mapColumns(header: readonly string[], overrides: Readonly<Record<string, string>> = {}): ColumnMapping {
  const chosen = new Map<MappableField, number | undefined>();
  for (const [name, column] of Object.entries(overrides)) {
    chosen.set(knownField(name), column.trim() === '' ? undefined : columnIndex(header, column, name));
  }

  const keys = header.map(headerKey);
  const pick = (field: MappableField): number | undefined => (chosen.has(field) ? chosen.get(field) : bestColumn(keys, COLUMN_ALIASES[field]));

  const columns: Partial<Record<LeadField, number>> = {};
  for (const field of LEAD_FIELDS) {
    const index = pick(field);
    if (index !== undefined) columns[field] = index;
  }
  const needsFullName = columns.firstName === undefined || columns.lastName === undefined;
  return new ColumnMapping([...header], columns, needsFullName ? pick('fullName') : undefined);
}

function bestColumn(keys: readonly string[], aliases: readonly string[]): number | undefined {
  for (const alias of aliases) {
    const index = keys.indexOf(alias);
    if (index !== -1) return index;
  }
  return undefined;
}

function knownField(name: string): MappableField {
  const field = MAPPABLE_FIELDS.find((known) => known.toLowerCase() === name.trim().toLowerCase());
  if (field === undefined) {
    throw new ColumnMappingError(`Unknown field "${name}" in the column overrides. Known fields: ${MAPPABLE_FIELDS.join(', ')}.`);
  }
  return field;
}

function columnIndex(header: readonly string[], column: string, field: string): number {
  const wanted = column.trim().toLowerCase();
  const index = header.findIndex((name) => name.trim().toLowerCase() === wanted);
  if (index === -1) {
    throw new ColumnMappingError(
      `The override for "${field}" names the column "${column}", which the file does not have. Columns: ${describeColumns(header)}.`,
    );
  }
  return index;
}
