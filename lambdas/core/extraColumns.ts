/*
 * A row with more cells than the header (a ragged export: a stray delimiter, a note split in two) loses nothing:
 * each cell past the header gets a column of its own in every output, named so it cannot take an input column's
 * name, and the summary counts the rows that had them (docs/intake.md).
 */

/** The header with `width - header.length` extra columns: `extra_column_1`, … (numbered past any name taken). */
export function withExtraColumns(header: readonly string[], width: number): string[] {
  const taken = new Set(header.map((name) => name.toLowerCase()));
  const extra: string[] = [];
  for (let n = 1; header.length + extra.length < width; n++) {
    const name = `extra_column_${n}`;
    if (!taken.has(name)) extra.push(name);
  }
  return [...header, ...extra];
}
