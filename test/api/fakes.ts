import type { JobRecord } from '../../lambdas/core/job';
import type { ApiPorts, JobListQuery, NewJob } from '../../lambdas/api/ports';
import type { JobEstimate } from '../../lambdas/core/estimate';
import type { JobOptions } from '../../lambdas/core/jobOptions';
import { FOLLOW_UP_FROM } from '../../lambdas/core/jobIds';
import { ERROR_NAMES } from '../../lambdas/core/errorNames';

const ENDED = new Set(['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED']);

/** Named like the AWS adapter's error, which the app recognises by name. */
class InvalidCursorError extends Error {
  override readonly name = ERROR_NAMES.invalidCursor;
}

export interface StoredObject {
  body: Uint8Array | string;
  contentType: string;
}

/**
 * In-memory ports for driving the API application in unit tests. They behave like the AWS adapters where the
 * app relies on it (create-if-absent, newest-first listing with an opaque cursor, cancel refused once ended,
 * idempotent starts) and record what the app asked for.
 */
/** What the fake estimate function answers: the route passes it on as it is. */
export const FAKE_ESTIMATE: JobEstimate = {
  rows: 2,
  rejected: { total: 0, byReason: {} },
  reportFooters: 0,
  duplicates: 0,
  uniqueLeads: 2,
  intake: { columns: 2, headerRecognized: true, mapping: [], unused: [], preambleRows: 0 },
  steps: [],
  durationSeconds: { min: 0, max: 0 },
  awsCost: { usd: { min: 0.0001, max: 0.0001 }, lines: [], pricesAsOf: '2026-12-01' },
};

export function fakePorts() {
  const jobs = new Map<string, JobRecord>();
  const objects = new Map<string, StoredObject>();
  const puts: string[] = [];
  const presigned: { method: 'POST' | 'GET'; key: string; detail: string; expiresInSeconds: number }[] = [];
  /** every start call, repeats included */
  const startCalls: { jobId: string; inputKey: string; followUp?: string }[] = [];
  /** executions that exist, each once */
  const started: string[] = [];
  /** every estimate asked for, with the file as it was stored when asked */
  const estimated: { inputKey: string; body: string; options: JobOptions }[] = [];
  const removed: string[] = [];
  let counter = 0;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString();

  const ports: ApiPorts = {
    jobs: {
      get: async (jobId) => jobs.get(jobId),
      create: async (job: NewJob) => {
        const existing = jobs.get(job.jobId);
        if (existing) return existing;
        const at = tick();
        const record: JobRecord = { ...job, createdAt: at, updatedAt: at, expiresAt: 0 };
        jobs.set(job.jobId, record);
        return record;
      },
      list: async (query: JobListQuery) => {
        const all = [...jobs.values()]
          .filter((j) => query.owner === undefined || j.owner === query.owner)
          .filter((j) => query.status === undefined || j.status === query.status)
          .filter((j) => query.createdAfter === undefined || Date.parse(j.createdAt) > Date.parse(query.createdAfter))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        let start = 0;
        if (query.cursor !== undefined) {
          const after = Buffer.from(query.cursor, 'base64url').toString('utf-8');
          start = all.findIndex((j) => j.jobId === after) + 1;
          if (start === 0) throw new InvalidCursorError('not a cursor of ours');
        }
        const page = all.slice(start, start + query.limit);
        const more = start + query.limit < all.length;
        return { jobs: page, ...(more && { nextCursor: Buffer.from(page.at(-1)!.jobId).toString('base64url') }) };
      },
      requestCancel: async (jobId) => {
        const job = jobs.get(jobId);
        if (!job || ENDED.has(job.status)) return false;
        job.cancelRequestedAt = tick();
        return true;
      },
      reopen: async (jobId, kind) => {
        const job = jobs.get(jobId);
        if (!job || !(FOLLOW_UP_FROM[kind] as readonly string[]).includes(job.status)) return undefined;
        const counter = kind === 'resume' ? 'resumes' : 'reprocesses';
        job[counter] = (job[counter] ?? 0) + 1;
        Object.assign(job, { status: 'RUNNING', failureReason: undefined, updatedAt: tick() });
        return job[counter];
      },
      restore: async (jobId, { status, failureReason }) => {
        const job = jobs.get(jobId);
        if (job?.status === 'RUNNING') Object.assign(job, { status, failureReason, updatedAt: tick() });
      },
    },
    objects: {
      put: async (key, body, contentType) => {
        puts.push(key);
        objects.set(key, { body, contentType });
      },
      presignPost: async (key, contentType, maxBytes, expiresInSeconds) => {
        presigned.push({ method: 'POST', key, detail: `${contentType} ≤ ${maxBytes}`, expiresInSeconds });
        return { url: 'https://bucket.s3.example/', fields: { key, 'Content-Type': contentType, Policy: 'eyJ9', 'X-Amz-Signature': 'post' } };
      },
      remove: async (key) => {
        removed.push(key);
        objects.delete(key);
      },
      presignGet: async (key, fileName, expiresInSeconds) => {
        presigned.push({ method: 'GET', key, detail: fileName, expiresInSeconds });
        return `https://bucket.s3.example/${encodeURI(key)}?X-Amz-Signature=get&name=${fileName}`;
      },
    },
    executions: {
      start: async (jobId, inputKey) => {
        startCalls.push({ jobId, inputKey });
        if (started.includes(jobId)) return 'already_started';
        started.push(jobId);
        return 'started';
      },
      followUp: async (jobId, inputKey, kind, count) => {
        startCalls.push({ jobId, inputKey, followUp: `${kind} ${count}` });
        return 'started';
      },
    },
    estimates: {
      estimate: async (inputKey, options) => {
        const stored = objects.get(inputKey)?.body;
        estimated.push({ inputKey, body: typeof stored === 'string' ? stored : new TextDecoder().decode(stored), options });
        return FAKE_ESTIMATE;
      },
    },
    newJobId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    now: () => new Date(clock),
  };

  /** Moves a job along as the pipeline would. */
  const update = (jobId: string, fields: Partial<JobRecord>) => Object.assign(jobs.get(jobId)!, fields, { updatedAt: tick() });

  return { ports, jobs, objects, puts, presigned, startCalls, started, estimated, removed, update, now: () => new Date(clock) };
}

export type FakePorts = ReturnType<typeof fakePorts>;
