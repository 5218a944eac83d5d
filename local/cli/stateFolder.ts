import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './usageError';

/*
 * The CLI's state folder keeps what must outlive one run: the cross-job vendor cache (so enriching the same file
 * again buys nothing; it holds vendor answers, so it is lead data: delete the folder to forget them) and the job
 * history `leadflow jobs` lists (ids, counts and paths only).
 */

/** --state, else $LEADFLOW_STATE, else ~/.leadflow. */
export function stateFolder(option?: string): string {
  return option ?? process.env.LEADFLOW_STATE ?? join(homedir(), '.leadflow');
}

export interface JobHistoryEntry {
  jobId: string;
  status: string;
  input: string;
  out: string;
  startedAt: string;
  rows: number;
  recordsBilled: number;
}

const HISTORY = 'jobs.jsonl';

export async function recordJob(state: string, entry: JobHistoryEntry): Promise<void> {
  await mkdir(state, { recursive: true });
  await appendFile(join(state, HISTORY), `${JSON.stringify(entry)}\n`);
}

export async function jobHistory(state: string): Promise<JobHistoryEntry[]> {
  const text = await readFile(join(state, HISTORY), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JobHistoryEntry];
      } catch {
        // A line cut short by a crash: the others are still the history.
        return [];
      }
    });
}

/** `leadflow jobs`: newest first, one line each. */
export function formatJobHistory(entries: readonly JobHistoryEntry[]): string {
  if (entries.length === 0) return 'No local jobs yet: run leadflow enrich <file>.';
  const lines = [...entries]
    .reverse()
    .map(
      (e) =>
        `${e.startedAt.slice(0, 19).replace('T', ' ')}  ${e.status.padEnd(9)}  ${String(e.rows).padStart(7)} rows  ${String(e.recordsBilled).padStart(7)} billed  ${e.jobId}  ${e.input} -> ${e.out}`,
    );
  return ['started              status        rows          billed  job id  input -> output', ...lines].join('\n');
}

/**
 * One enrich at a time per state folder (its database admits one process): a lock file naming the holder's process
 * id, taken over when that process is gone. Resolves to the release.
 */
export async function lockStateFolder(state: string): Promise<() => Promise<void>> {
  await mkdir(state, { recursive: true });
  const lock = join(state, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new UsageError(`The state folder ${state} is in use by another leadflow enrich (process ${holder}): wait for it, or pass --state DIR`);
      }
      await rm(lock, { force: true });
    }
  }
  throw new UsageError(`The state folder ${state} could not be locked; pass --state DIR`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
