// npm run bench:concurrent [-- JOBS ROWS] (npm run bench runs it too): JOBS jobs of ROWS generated rows each
// (default 20 × 10,000) started at once in one local runtime, as `leadflow serve` takes them from many callers.
// Every job must end COMPLETED with every row back; prints the wall time and each job's status counts.
import '../local/cli/environment';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeneratedLeads } from '../samples/generateLarge';
import { LocalRuntime } from '../local/runtime';

const [jobCount = 20, rows = 10_000] = process.argv.slice(2).map(Number);
const dir = await mkdtemp(join(tmpdir(), 'leadflow-concurrent-'));
const runtime = await LocalRuntime.start({ stateDir: join(dir, 'state') });
try {
  const files = await Promise.all(
    Array.from({ length: jobCount }, async (_, i) => {
      const file = join(dir, `leads-${i}.csv`);
      // A different seed per job: the jobs share the vendor cache, as real lists with overlapping leads do.
      await writeGeneratedLeads(file, rows, 1_000 + i);
      return file;
    }),
  );
  const started = performance.now();
  const runs = await Promise.allSettled(files.map((file) => runtime.runJob(file)));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const jobs = runs.map((run) =>
    run.status === 'fulfilled'
      ? { status: run.value.job.status, rows: run.value.job.rows, rowsByStatus: run.value.job.rowsByStatus, failureReason: run.value.job.failureReason }
      : { status: 'ERROR', error: String(run.reason).slice(0, 300) },
  );
  const completed = jobs.filter((job) => job.status === 'COMPLETED').length;
  process.stdout.write(
    `${JSON.stringify({ jobs: jobCount, rowsPerJob: rows, seconds, completed, failed: jobs.filter((job) => job.status !== 'COMPLETED') })}\n`,
  );
  process.exitCode = completed === jobCount ? 0 : 1;
} finally {
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
}
