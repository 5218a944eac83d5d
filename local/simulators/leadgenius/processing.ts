import { deriveLeadGeniusEmails, type LeadGeniusItem } from './data';
import { parseJobId } from './dialect';
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
  /** the id as the acceptance gave it (dialect jobIdAs), fixed at acceptance: webhooks carry it */
  externalId: number | string;
  apiKey: string;
  /** simulator clock */
  acceptedAt: number;
  subJobs: SubJob[];
  webhookUrl?: string;
  completed: boolean;
}

export interface AcceptedJob {
  id: number;
  externalId: number | string;
}

/**
 * The vendor's side of a bulk job: numbered sub jobs (one per data[] item), processing after a delay, results kept
 * for the status call, one webhook per email found. Ids are numbers, as in the document (`"job_id": 1232`), unless
 * the dialect writes them as strings; sub job ids are unique across jobs. Knows nothing about HTTP or limits.
 */
export class BulkJobProcessor {
  private nextJobId = 1;
  private nextSubJobId = 1;
  private readonly jobs = new Map<number, BulkJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: {
      processingDelayMs: number;
      stats: LeadGeniusSimulatorStats;
      webhooks: WebhookSender;
      clock: () => number;
      /** the id as the dialect in force at acceptance writes it */
      externalId: (id: number) => number | string;
    },
  ) {}

  submit(apiKey: string, items: readonly LeadGeniusItem[], webhookUrl: string | undefined): AcceptedJob {
    const id = this.nextJobId++;
    const job: BulkJob = {
      id,
      externalId: this.options.externalId(id),
      apiKey,
      acceptedAt: this.options.clock(),
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
    return { id: job.id, externalId: job.externalId };
  }

  /** The status of a job the key owns, and when it was accepted; undefined for an unknown job or another key's. */
  status(apiKey: string, jobId: string): { acceptedAt: number; results: StatusResults } | undefined {
    const id = parseJobId(jobId);
    const job = id === undefined ? undefined : this.jobs.get(id);
    if (!job || job.apiKey !== apiKey) return undefined;
    return { acceptedAt: job.acceptedAt, results: this.resultsOf(job) };
  }

  private resultsOf(job: BulkJob): StatusResults {
    if (!job.completed) return { results: [], failed: 0, total: job.subJobs.length, completed: false };
    const results = job.subJobs.flatMap((s) => (s.emails ?? []).map((email) => ({ first: s.item.first, middle: s.item.middle, last: s.item.last, email })));
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
          webhook_id: `${job.externalId};${sub.id};${email}`,
          result: { bulk_id: job.externalId, domain, first, jobid: sub.id, last, middle, email },
        });
      }
    }
    job.completed = true;
    if (job.webhookUrl && webhooks.length) void this.options.webhooks.sendAll(job.webhookUrl, webhooks);
  }
}
