/*
 * What a file that is not text really is, from its first bytes, so the user reads one line they can act on
 * instead of a parser's complaint: a workbook renamed .csv, a PDF, an image.
 */
const SIGNATURES: ReadonlyArray<readonly [bytes: readonly number[], what: string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an .xlsx workbook is one): name it .xlsx if it is a workbook, or save it as CSV'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document, not a lead list: export the list as CSV or .xlsx'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image, not a lead list'],
  [[0xff, 0xd8, 0xff], 'a JPEG image, not a lead list'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image, not a lead list'],
  [[0x1f, 0x8b], 'gzip-compressed: name it .csv.gz'],
];

/** "The file is …" for a known binary format, or undefined. */
export function binaryFileKind(sample: Uint8Array): string | undefined {
  for (const [bytes, what] of SIGNATURES) {
    if (bytes.every((byte, i) => sample[i] === byte)) return `The file is ${what}.`;
  }
  return undefined;
}
