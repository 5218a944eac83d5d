/**
 * Excel's `sep=;` first line names the file's delimiter (Excel writes it, and honours it on opening). It is not
 * a row of the file: the delimiter it names wins over sniffing, and the line is skipped.
 */
export function excelSeparator(text: string): string | undefined {
  const match = /^"?sep=([^\r\n"])"?[ \t]*(?:\r\n|\n|\r|$)/i.exec(text);
  return match?.[1];
}
