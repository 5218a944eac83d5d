import type { Context } from 'hono';
import type { JobRecord } from '../core/job';
import { mayAccess } from './caller';
import type { JobStore } from './ports';

/**
 * The job, when the caller may see it. Another key's job reads as missing (404), like a job that does not exist,
 * so a caller cannot even learn that an id is taken.
 */
export async function visibleJob(jobs: Pick<JobStore, 'get'>, c: Context, jobId: string): Promise<JobRecord | undefined> {
  const job = await jobs.get(jobId);
  return job && mayAccess(c.get('caller'), job) ? job : undefined;
}
