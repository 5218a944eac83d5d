/**
 * Writes samples/leads.csv, the file `npm start` enriches: 1,200 rows of a trade-show lead export, saved the way
 * Excel saves "CSV UTF-8" (a BOM, CRLF line endings). Deterministic: rerunning gives the same bytes.
 *
 *   npx tsx samples/generate.ts
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { generateLeadRows } from './generateLarge';

const ROWS = 1_200;
const target = fileURLToPath(new URL('./leads.csv', import.meta.url));

const out = createWriteStream(target);
out.write('\ufeff');
for (const line of generateLeadRows(ROWS)) {
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
console.log(`wrote ${ROWS} rows to ${target}`);
