import { Presets, SingleBar } from 'cli-progress';
import type { JobProgress } from '../runtime';
import { formatMapping } from './mappingReport';

/** How often a terminal without a TTY (CI, a log file) gets a progress line. */
const LINE_EVERY_MS = 5_000;

/**
 * What `enrich` shows while the job runs: the column mapping once intake has read the file, then a bar on a
 * terminal, or a line every few seconds where there is none.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update(p: JobProgress): void; stop(): void } {
  let mappingShown = false;
  let started = false;
  let lastLine = 0;
  const bar = new SingleBar({ format: '  {status} |{bar}| {value}/{total} batches | {rows} rows', hideCursor: true, stream }, Presets.shades_classic);
  return {
    update(p) {
      if (!mappingShown && p.intake) {
        stream.write(`${formatMapping(p.intake)}\n`);
        mappingShown = true;
      }
      if (p.batchCount === 0) return;
      if (!stream.isTTY) {
        if (Date.now() - lastLine < LINE_EVERY_MS) return;
        lastLine = Date.now();
        stream.write(`  ${p.status}: ${p.batchesDone}/${p.batchCount} batches, ${p.rows} rows\n`);
        return;
      }
      if (!started) bar.start(p.batchCount, 0, { status: p.status, rows: p.rows });
      started = true;
      // Each step of the plan adds its batches once it is planned.
      bar.setTotal(p.batchCount);
      bar.update(p.batchesDone, { status: p.status, rows: p.rows });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
