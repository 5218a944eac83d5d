/*
 * The first visible sheet (or a named one) of an .xlsx workbook as rows of strings, read in the browser with the
 * platform's own zip inflater (DecompressionStream) and XML parser: no library. Shared strings, inline strings,
 * numbers and booleans; cells are placed by their reference (B3), so empty cells keep their column.
 */

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  offset: number;
}

function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('The workbook is not a valid .xlsx file (no zip directory).');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { name, method: view.getUint16(at + 10, true), compressedSize: view.getUint32(at + 20, true), offset: view.getUint32(at + 42, true) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function readEntry(bytes: Uint8Array<ArrayBuffer>, entries: Map<string, ZipEntry>, name: string): Promise<string | undefined> {
  const entry = entries.get(name);
  if (!entry) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = bytes.slice(start, start + entry.compressedSize);
  if (entry.method === 0) return new TextDecoder().decode(data);
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

const xml = (text: string) => new DOMParser().parseFromString(text, 'application/xml');
const byTag = (node: Document | Element, tag: string) => Array.from(node.getElementsByTagNameNS('*', tag));

/** 0-based column of a cell reference: "A1" 0, "AB7" 27. */
function columnOf(ref: string): number {
  let column = 0;
  for (const char of ref.replace(/\d+$/, '')) column = column * 26 + (char.charCodeAt(0) - 64);
  return column - 1;
}

export async function xlsxRows(bytes: Uint8Array<ArrayBuffer>, sheetName?: string): Promise<string[][]> {
  const entries = zipEntries(bytes);
  const workbook = await readEntry(bytes, entries, 'xl/workbook.xml');
  if (!workbook) throw new Error('The workbook is not a valid .xlsx file (no xl/workbook.xml).');
  const sheets = byTag(xml(workbook), 'sheet');
  const sheet = sheetName ? sheets.find((s) => s.getAttribute('name') === sheetName) : (sheets.find((s) => s.getAttribute('state') !== 'hidden') ?? sheets[0]);
  if (!sheet) throw new Error(sheetName ? `The workbook has no sheet named "${sheetName}".` : 'The workbook has no sheet.');
  const relId = Array.from(sheet.attributes).find((a) => a.localName === 'id')?.value;
  const rels = xml((await readEntry(bytes, entries, 'xl/_rels/workbook.xml.rels')) ?? '<r/>');
  const target = byTag(rels, 'Relationship')
    .find((r) => r.getAttribute('Id') === relId)
    ?.getAttribute('Target');
  const path = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';
  const sharedText = await readEntry(bytes, entries, 'xl/sharedStrings.xml');
  const shared = sharedText
    ? byTag(xml(sharedText), 'si').map((si) =>
        byTag(si, 't')
          .map((t) => t.textContent ?? '')
          .join(''),
      )
    : [];
  const sheetXml = await readEntry(bytes, entries, path);
  if (!sheetXml) throw new Error('The workbook sheet could not be read.');
  const rows: string[][] = [];
  for (const row of byTag(xml(sheetXml), 'row')) {
    const cells: string[] = [];
    for (const cell of byTag(row, 'c')) {
      const type = cell.getAttribute('t');
      const value = byTag(cell, 'v')[0]?.textContent ?? '';
      let text = value;
      if (type === 's') text = shared[Number(value)] ?? '';
      else if (type === 'inlineStr')
        text = byTag(cell, 't')
          .map((t) => t.textContent ?? '')
          .join('');
      else if (type === 'b') text = value === '1' ? 'TRUE' : 'FALSE';
      const ref = cell.getAttribute('r');
      const column = ref ? columnOf(ref) : cells.length;
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    const index = Number(row.getAttribute('r') ?? rows.length + 1) - 1;
    while (rows.length < index) rows.push([]);
    rows[index] = cells;
  }
  return rows;
}
