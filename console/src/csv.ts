/** RFC 4180 CSV as the console needs it: rows of a text with a known delimiter, and cells back to CSV text. */

/** The rows of `text`, at most `limit` of them (quoted cells may hold delimiters, quotes and line breaks). */
export function parseCsv(text: string, delimiter: string, limit = Number.POSITIVE_INFINITY): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < limit; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if ((cell !== '' || row.length > 0) && rows.length < limit) rows.push([...row, cell]);
  return rows;
}
