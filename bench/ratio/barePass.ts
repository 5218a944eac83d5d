// The floor `npm run bench:ratio` compares Leadflow with: the same file read with csv-parse and written back with
// csv-stringify, streamed, nothing else. Prints nothing; bench/ratio/usage.ts reports the process's time and RSS.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';

const [input, output] = process.argv.slice(2);
await pipeline(createReadStream(input!), parse({ relax_column_count: true, bom: true }), stringify(), createWriteStream(output!));
