import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients';
import { isConditionFailure } from './conditionFailure';

import type { JobStore } from '../app/ports';
import type { Vendor } from '../core/plan';
import { FOLLOW_UP_FROM, type FollowUp } from '../core/jobIds';
import type { JobCounter, JobRecord, JobStatus, NewJobRecord } from '../core/job';
import { JOB_INDEXES } from '../core/jobIndexes';
import { ERROR_NAMES } from '../core/errorNames';

/** Every job row carries this partition key of the index of all jobs. */
const KIND = 'job';

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor is the last key of a page of the index listed: exactly { jobId, createdAt } and the index's partition
 * key, all strings and short, with the partition of this listing (so one key's cursor never pages another's jobs).
 * Anything else (a crafted object DynamoDB would refuse with a 500) is an invalid cursor.
 */
function decodeCursor(cursor: string, partition: { name: string; value: string }): Record<string, unknown> {
  try {
    if (cursor.length > 1_000) throw new Error('too long');
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf-8')) as unknown;
    if (isIndexKey(key, partition)) return key;
  } catch {
    // fall through: reported as an invalid cursor
  }
  throw new InvalidCursorError('The cursor is not one this API returned');
}

function isIndexKey(key: unknown, partition: { name: string; value: string }): key is Record<string, string> {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return false;
  const names = ['jobId', 'createdAt', partition.name];
  const entries = Object.entries(key);
  return (
    entries.length === 3 &&
    entries.every(([name, value]) => names.includes(name) && typeof value === 'string' && value.length <= 200) &&
    (key as Record<string, unknown>)[partition.name] === partition.value
  );
}

export class InvalidCursorError extends Error {
  override readonly name = ERROR_NAMES.invalidCursor;
}

export class JobsRepository implements JobStore {
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
  async createIfAbsent(job: NewJobRecord, now: Date): Promise<JobRecord> {
    const record: JobRecord & { kind: string } = {
      ...job,
      kind: KIND,
      status: job.status ?? 'PREPARING',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: this.expiresAt(now),
    };
    try {
      await documentClient().send(new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(jobId)' }));
      return record;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
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
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      }),
    );
  }

  /** Atomic counters, so concurrent batches never lose an update. */
  async addCounts(jobId: string, counts: Partial<Record<JobCounter, number>>): Promise<void> {
    const entries = Object.entries(counts).filter(([, v]) => v !== undefined && v !== 0);
    if (entries.length === 0) return;
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId },
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :n${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:n${i}`, v])),
      }),
    );
  }

  /**
   * Records that a plan step's lead states are written, with the step's counters, exactly once: a retried
   * PlanStep rewrites the same files but must not count twice. False when the step was already recorded.
   */
  async advanceLeadsStep(jobId: string, from: number, counts: Partial<Record<JobCounter, number>>, now: Date): Promise<boolean> {
    const entries = Object.entries(counts).filter(([, v]) => v !== undefined && v !== 0);
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId },
          UpdateExpression: `SET leadsStep = :to, updatedAt = :now${entries.length ? ` ADD ${entries.map((_, i) => `#c${i} :n${i}`).join(', ')}` : ''}`,
          ConditionExpression: 'leadsStep = :from',
          ...(entries.length ? { ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])) } : {}),
          ExpressionAttributeValues: {
            ':from': from,
            ':to': from + 1,
            ':now': now.toISOString(),
            ...Object.fromEntries(entries.map(([, v], i) => [`:n${i}`, v])),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /**
   * Newest first, optionally only one owner's, one status and only jobs created after a moment; opaque cursor
   * paging.
   */
  async list(query: {
    owner?: string;
    status?: JobStatus;
    createdAfter?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ jobs: JobRecord[]; nextCursor?: string }> {
    const jobs: JobRecord[] = [];
    const index = query.owner === undefined ? JOB_INDEXES.all : JOB_INDEXES.byOwner;
    const partition = { name: index.partitionKey, value: query.owner ?? KIND };
    let startKey = query.cursor ? decodeCursor(query.cursor, partition) : undefined;
    // Limit counts items read before the status filter, so ask for what is still missing until the page is full.
    do {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: query.createdAfter ? '#p = :p AND createdAt > :after' : '#p = :p',
          ...(query.status ? { FilterExpression: '#s = :status' } : {}),
          ExpressionAttributeNames: { '#p': partition.name, ...(query.status && { '#s': 'status' }) },
          ExpressionAttributeValues: {
            ':p': partition.value,
            ...(query.createdAfter ? { ':after': query.createdAfter } : {}),
            ...(query.status ? { ':status': query.status } : {}),
          },
          ScanIndexForward: false,
          Limit: query.limit - jobs.length,
          ExclusiveStartKey: startKey,
        }),
      );
      jobs.push(...((out.Items ?? []) as JobRecord[]));
      startKey = out.LastEvaluatedKey;
    } while (startKey && jobs.length < query.limit);
    return { jobs, nextCursor: startKey ? encodeCursor(startKey) : undefined };
  }

  /** Records a cancellation request on a job that has not ended; false when it already has. */
  async requestCancel(jobId: string, now: Date): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId },
          UpdateExpression: 'SET cancelRequestedAt = :now, updatedAt = :now',
          ConditionExpression: 'attribute_exists(jobId) AND NOT #s IN (:c, :p, :f, :x)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':c': 'COMPLETED', ':p': 'PARTIAL', ':f': 'FAILED', ':x': 'CANCELLED' },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /**
   * Reopens an ended job for a follow-up execution (lambdas/app/followUp.ts): RUNNING again, its failure forgotten
   * (a new one is recorded if it fails again), and the follow-up counted. `resume` takes a FAILED or PARTIAL job,
   * `reprocess` any ended one. Returns the follow-up's number, or undefined if the job is in no such state.
   */
  async reopen(jobId: string, kind: FollowUp, now: Date): Promise<number | undefined> {
    const allowed = FOLLOW_UP_FROM[kind];
    const counter = kind === 'resume' ? 'resumes' : 'reprocesses';
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId },
          UpdateExpression: `SET #s = :running, updatedAt = :now ADD ${counter} :one REMOVE failureReason, outOfCredits, completedAt`,
          ConditionExpression: `#s IN (${allowed.map((_, i) => `:s${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':running': 'RUNNING',
            ':now': now.toISOString(),
            ':one': 1,
            ...Object.fromEntries(allowed.map((status, i) => [`:s${i}`, status])),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.[counter]);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Moves a job from one status to another only if it is still in the first; false otherwise. */
  async transition(jobId: string, from: JobStatus, to: JobStatus, now: Date, with_: Pick<JobRecord, 'inputETag'> = {}): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId },
          UpdateExpression: `SET #s = :to, updatedAt = :now${with_.inputETag !== undefined ? ', inputETag = :etag' : ''}`,
          ConditionExpression: '#s = :from',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':to': to,
            ':from': from,
            ':now': now.toISOString(),
            ...(with_.inputETag !== undefined && { ':etag': with_.inputETag }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
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
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Notes that a vendor has no credits left, so the job's later batches stop asking it (and paying nothing). */
  async markOutOfCredits(jobId: string, vendor: Vendor): Promise<void> {
    await documentClient()
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId },
          UpdateExpression: 'SET outOfCredits = list_append(if_not_exists(outOfCredits, :empty), :v)',
          ConditionExpression: 'attribute_not_exists(outOfCredits) OR NOT contains(outOfCredits, :vendor)',
          ExpressionAttributeValues: { ':empty': [], ':v': [vendor], ':vendor': vendor },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
