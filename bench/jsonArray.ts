/**
 * Throughput and memory of the JSON lead reader (lambdas/core/input/jsonArray.ts) on a generated 50 MB array:
 *
 *   npx tsx bench/jsonArray.ts [module ...]
 *
 * Each module (default: the reader in this repository) must export `jsonArrayLeads`; give a copy of another
 * version (e.g. `git show REV:lambdas/core/input/jsonArray.ts > lambdas/core/input/jsonArray.rev.ts`) to compare
 * it. Each module and layout runs in a child process of its own, so that one's heap does not weigh on the other's
 * figures. docs/toolchain.md ("Streaming JSON") records the figures that chose the reader.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonLead } from '../lambdas/core/input/jsonLead';

const TARGET_BYTES = 50 * 1024 * 1024;
/** About what decodeText yields per S3 read. */
const CHUNK_CHARS = 64 * 1024;
const RUNS = 3;
const LAYOUTS = ['pretty', 'compact'] as const;
type Layout = (typeof LAYOUTS)[number];

interface Figures {
  module: string;
  layout: Layout;
  megabytes: number;
  leads: number;
  /** Best of RUNS. */
  seconds: number;
  megabytesPerSecond: number;
  /** Highest live heap (after a full GC, every 5,000 leads) while reading, above the heap holding the text. */
  peakLiveHeapAboveTextMegabytes: number;
}

/** Leads like a CRM export: a dozen fields, some non-ASCII text and escapes, pretty-printed or on one line. */
function generate(layout: Layout): string {
  const parts = ['[\n'];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const lead = {
      'First Name': `Ada ${i}`,
      'Last Name': 'Lovelace-Byron',
      Email: `ada.${i}@analytical.example`,
      Company: 'Analytical Engines Ltd',
      Website: 'https://analytical.example',
      Phone: '+44 20 7946 0958',
      Title: 'Chief Engineer',
      City: i % 3 === 0 ? 'Zürich' : 'London',
      Employees: 250 + (i % 1000),
      Score: 12.5,
      Active: i % 2 === 0,
      Notes: i % 10 === 0 ? 'Met at "Expo" \\ booth 7 😀' : null,
    };
    const text = layout === 'pretty' ? JSON.stringify(lead, null, 2) : JSON.stringify(lead);
    const part = i === 0 ? text : `,\n${text}`;
    parts.push(part);
    size += part.length;
  }
  parts.push('\n]\n');
  return parts.join('');
}

async function measure(modulePath: string, layout: Layout): Promise<Figures> {
  const reader = (await import(pathToFileURL(resolve(modulePath)).href)) as {
    jsonArrayLeads: (text: AsyncIterable<string>) => AsyncGenerator<JsonLead>;
  };
  const text = generate(layout);
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += CHUNK_CHARS) yield text.slice(i, i + CHUNK_CHARS);
  }
  let best = Number.POSITIVE_INFINITY;
  let leads = 0;
  let peakHeap = 0;
  // Live memory is what a bounded reader keeps flat; heapUsed alone also counts garbage not yet collected.
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with --expose-gc');
  collect();
  const baseline = process.memoryUsage().heapUsed;
  for (let run = 0; run < RUNS; run++) {
    leads = 0;
    const started = performance.now();
    for await (const lead of reader.jsonArrayLeads(chunks())) {
      if (lead.chars > 0) leads += 1;
      if (run === 0 && leads % 5_000 === 0) {
        collect();
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }
    }
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  return {
    module: modulePath,
    layout,
    megabytes: round(megabytes),
    leads,
    seconds: round(best),
    megabytesPerSecond: round(megabytes / best),
    peakLiveHeapAboveTextMegabytes: round(Math.max(0, peakHeap - baseline) / (1024 * 1024)),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--child') {
  const [modulePath, layout] = rest;
  if (modulePath === undefined || (layout !== 'pretty' && layout !== 'compact')) throw new Error('usage: --child MODULE LAYOUT');
  process.stdout.write(JSON.stringify(await measure(modulePath, layout)));
} else {
  const modules = first === undefined ? ['lambdas/core/input/jsonArray.ts'] : [first, ...rest];
  console.log(
    `Node ${process.version}, ${RUNS} runs each, best time shown (the first run also samples memory, so it is slower); chunks of ${CHUNK_CHARS} characters`,
  );
  for (const layout of LAYOUTS) {
    for (const modulePath of modules) {
      const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/jsonArray.ts', '--child', modulePath, layout], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024,
      });
      const figures = JSON.parse(output) as Figures;
      console.log(
        `${layout.padEnd(8)} ${modulePath.padEnd(40)} ${figures.megabytes} MB, ${figures.leads} leads: ` +
          `${figures.seconds} s, ${figures.megabytesPerSecond} MB/s, peak live heap +${figures.peakLiveHeapAboveTextMegabytes} MB`,
      );
    }
  }
}
