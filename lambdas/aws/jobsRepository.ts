import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients';

import type { JobOptions } from '../core/jobOptions';

export const JOB_STATUSES = ['AWAITING_UPLOAD', 'PREPARING', 'RUNNING', 'COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type JobSource = 'api' | 'upload' | 'inbox' | 'cli';

/** The job row: ids, timestamps and counts only; never lead data. */
export interface JobRecord {
  jobId: string;
  status: JobStatus;
  inputKey: string;
  createdAt: string;
  updatedAt: string;
  columnMapping?: Record<string, string>;
  options?: JobOptions;
  source?: JobSource;
  /** original file name, shown to the user; never parsed */
  fileName?: string;
  rows?: number;
  uniqueLeads?: number;
  duplicates?: number;
  rejected?: number;
  batchCount?: number;
  batchesDone?: number;
  batchesFailed?: number;
  recordsSubmitted?: number;
  recordsBilled?: number;
  rowsByStatus?: Record<string, number>;
  failureReason?: string;
  outputs?: Record<string, string>;
  completedAt?: string;
  expiresAt: number;
}

export class JobsRepository {
  constructor(
    private readonly tableName: string,
    private readonly expiryDays: number,
  ) {}

  private expiresAt(now: Date): number {
    return Math.floor(now.getTime() / 1000) + this.expiryDays * 86_400;
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { jobId }, ConsistentRead: true }));
    return out.Item as JobRecord | undefined;
  }

  /** Creates the job unless it exists: a retried Prepare or a re-delivered start event finds the same job. */
  async createIfAbsent(job: Pick<JobRecord, 'jobId' | 'inputKey' | 'columnMapping'>, now: Date): Promise<JobRecord> {
    const record: JobRecord = {
      ...job,
      status: 'PREPARING',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: this.expiresAt(now),
    };
    try {
      await documentClient().send(
        new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(jobId)' }),
      );
      return record;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await this.get(job.jobId);
      if (!existing) throw error;
      return existing;
    }
  }

  async update(jobId: string, fields: Partial<Omit<JobRecord, 'jobId'>>, now: Date): Promise<void> {
    const entries = Object.entries({ ...fields, updatedAt: now.toISOString() }).filter(([, v]) => v !== undefined);
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId },
        UpdateExpression: 'SET ' + entries.map((_, i) => `#f${i} = :v${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      }),
    );
  }

  /** Atomic counters, so concurrent batches never lose an update. */
  async addCounts(jobId: string, counts: Partial<Record<'batchesDone' | 'batchesFailed' | 'recordsSubmitted' | 'recordsBilled', number>>): Promise<void> {
    const entries = Object.entries(counts).filter(([, v]) => v !== undefined && v !== 0);
    if (entries.length === 0) return;
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId },
        UpdateExpression: 'ADD ' + entries.map((_, i) => `#c${i} :n${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:n${i}`, v])),
      }),
    );
  }

  /** The first failure reason wins: a later, derivative error must not hide the cause a user can act on. */
  async recordFailureReason(jobId: string, reason: string): Promise<void> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId },
          UpdateExpression: 'SET failureReason = :r',
          ConditionExpression: 'attribute_not_exists(failureReason)',
          ExpressionAttributeValues: { ':r': reason },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
