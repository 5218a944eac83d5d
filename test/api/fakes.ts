import type { JobRecord } from '../../lambdas/aws/jobsRepository';
import type { ApiPorts, JobListQuery, NewJob } from '../../lambdas/api/ports';

/** In-memory ports for driving the API application in unit tests; they record what the app asked for. */
export function fakePorts() {
  const jobs = new Map<string, JobRecord>();
  const objects = new Map<string, { body: Uint8Array | string; contentType: string }>();
  const started: string[] = [];
  const stopped: string[] = [];
  let counter = 0;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const ports: ApiPorts = {
    jobs: {
      get: async (jobId) => jobs.get(jobId),
      create: async (job: NewJob) => {
        const existing = jobs.get(job.jobId);
        if (existing) return existing;
        const at = new Date((clock += 1000)).toISOString();
        const record: JobRecord = { ...job, createdAt: at, updatedAt: at, expiresAt: 0 };
        jobs.set(job.jobId, record);
        return record;
      },
      list: async (query: JobListQuery) => {
        const all = [...jobs.values()]
          .filter((j) => !query.status || j.status === query.status)
          .filter((j) => !query.createdAfter || j.createdAt > query.createdAfter)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        const start = query.cursor ? Number(query.cursor) : 0;
        const page = all.slice(start, start + query.limit);
        return { jobs: page, nextCursor: start + query.limit < all.length ? String(start + query.limit) : undefined };
      },
      requestCancel: async (jobId) => {
        const job = jobs.get(jobId);
        if (!job || ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(job.status)) return false;
        job.cancelRequestedAt = new Date(clock).toISOString();
        return true;
      },
    },
    objects: {
      put: async (key, body, contentType) => void objects.set(key, { body, contentType }),
      presignPut: async (key) => `https://s3.example/${key}?signed=put`,
      presignGet: async (key, fileName) => `https://s3.example/${key}?signed=get&name=${fileName}`,
    },
    executions: {
      start: async (jobId) => (started.includes(jobId) ? 'already_started' : (started.push(jobId), 'started')),
      stop: async (jobId) => (stopped.push(jobId), 'stopped'),
    },
    newJobId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    now: () => new Date(clock),
  };
  return { ports, jobs, objects, started, stopped };
}
