import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { xlsxRows } from '../../lambdas/core/input/xlsxRows';

async function workbookBytes(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Leads');
  sheet.addRow(['First Name', 'Last Name', 'Email']);
  for (let i = 0; i < rows; i += 1) sheet.addRow([`Ada${i}`, 'Lovelace', `ada${i}@example.com`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The bytes in small chunks, then the failure a cut-off S3 read raises. */
async function* failingAfter(bytes: Buffer, share: number, error: Error): AsyncGenerator<Uint8Array> {
  const end = Math.floor(bytes.length * share);
  for (let at = 0; at < end; at += 512) yield bytes.subarray(at, Math.min(at + 512, end));
  throw error;
}

async function collect(rows: AsyncIterable<string[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('xlsxRows', () => {
  it('reads every row of the sheet as strings', async () => {
    const bytes = await workbookBytes(50);
    const rows = await collect(
      xlsxRows(
        (async function* () {
          yield bytes;
        })(),
      ),
    );
    expect(rows).toHaveLength(51);
    expect(rows[1]).toEqual(['Ada0', 'Lovelace', 'ada0@example.com']);
  });

  it.each([0.1, 0.5, 0.9])(
    "raises the source's own error when the read fails %s of the way, instead of waiting forever",
    async (share) => {
      const bytes = await workbookBytes(3_000);
      const cut = Object.assign(new Error('socket hang up'), { name: 'ECONNRESET' });
      await expect(collect(xlsxRows(failingAfter(bytes, share, cut)))).rejects.toBe(cut);
    },
    30_000,
  );
});
