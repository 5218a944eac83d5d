import { deriveLeadGeniusEmails, type LeadGeniusItem } from './data';
import type { LeadGeniusSimulatorStats } from './stats';
import type { LeadGeniusWebhookBody, WebhookSender } from './webhooks';

export interface StatusResults {
  results: Array<{ first: string; middle: string; last: string; email: string }>;
  /** Sub jobs that found no email. */
  failed: number;
  total: number;
  completed: boolean;
}

interface SubJob {
  id: number;
  item: Required<LeadGeniusItem>;
  emails?: string[];
}

interface BulkJob {
  id: number;
  apiKey: string;
  subJobs: SubJob[];
  webhookUrl?: string;
  completed: boolean;
}

/**
 * The vendor's side of a bulk job: numbered sub jobs (one per data[] item), processing after a delay, results kept
 * for the status call, one webhook per email found. Ids are numbers, as in the document (`"job_id": 1232`);
 * sub job ids are unique across jobs. Knows nothing about HTTP or limits.
 */
export class BulkJobProcessor {
  private nextJobId = 1;
  private nextSubJobId = 1;
  private readonly jobs = new Map<number, BulkJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: { processingDelayMs: number; stats: LeadGeniusSimulatorStats; webhooks: WebhookSender },
  ) {}

  submit(apiKey: string, items: readonly LeadGeniusItem[], webhookUrl: string | undefined): number {
    const job: BulkJob = {
      id: this.nextJobId++,
      apiKey,
      subJobs: items.map((item) => ({ id: this.nextSubJobId++, item: { ...item, middle: item.middle ?? '' } })),
      ...(webhookUrl !== undefined && { webhookUrl }),
      completed: false,
    };
    this.jobs.set(job.id, job);
    this.options.stats.bulkJobsAccepted += 1;
    this.options.stats.objectsAccepted += items.length;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.process(job);
    }, this.options.processingDelayMs);
    this.timers.add(timer);
    return job.id;
  }

  /** The status of a job the key owns; undefined for an unknown job or another key's. */
  status(apiKey: string, jobId: string): StatusResults | undefined {
    const job = /^\d+$/.test(jobId) ? this.jobs.get(Number(jobId)) : undefined;
    if (!job || job.apiKey !== apiKey) return undefined;
    if (!job.completed) return { results: [], failed: 0, total: job.subJobs.length, completed: false };
    const results = job.subJobs.flatMap((s) =>
      (s.emails ?? []).map((email) => ({ first: s.item.first, middle: s.item.middle, last: s.item.last, email })),
    );
    const failed = job.subJobs.filter((s) => !s.emails?.length).length;
    return { results, failed, total: job.subJobs.length, completed: true };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private process(job: BulkJob): void {
    const webhooks: LeadGeniusWebhookBody[] = [];
    for (const sub of job.subJobs) {
      sub.emails = deriveLeadGeniusEmails(sub.item);
      this.options.stats.billedObjects += 1;
      for (const email of sub.emails) {
        const { first, middle, last, domain } = sub.item;
        webhooks.push({
          status: 200,
          webhook_id: `${job.id};${sub.id};${email}`,
          result: { bulk_id: job.id, domain, first, jobid: sub.id, last, middle, email },
        });
      }
    }
    job.completed = true;
    if (job.webhookUrl && webhooks.length) void this.options.webhooks.sendAll(job.webhookUrl, webhooks);
  }
}
