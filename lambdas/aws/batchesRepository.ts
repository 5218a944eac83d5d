import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients';
import { isConditionFailure } from './conditionFailure';
import type { BatchStore } from '../app/ports';
import type { BatchRecord } from '../core/batch';

/** Bulks remembered per round from callbacks: enough for the genuine one among repeated forgeries. */
const MAX_NAMED_BULKS = 20;

export class BatchesRepository implements BatchStore {
  constructor(readonly tableName: string) {}

  async putNew(batches: readonly Pick<BatchRecord, 'jobId' | 'batchId' | 'step' | 'vendor' | 'records' | 'expiresAt'>[]): Promise<void> {
    for (let i = 0; i < batches.length; i += 25) {
      let requests = batches.slice(i, i + 25).map((b) => ({
        PutRequest: { Item: { ...b, round: 1, state: 'PENDING', pollCount: 0 } satisfies BatchRecord },
      }));
      while (requests.length > 0) {
        const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async get(jobId: string, batchId: string): Promise<BatchRecord> {
    const batch = await this.find(jobId, batchId);
    if (!batch) throw new Error(`Batch ${batchId} of job ${jobId} not found`);
    return batch;
  }

  async find(jobId: string, batchId: string): Promise<BatchRecord | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { jobId, batchId }, ConsistentRead: true }));
    return out.Item as BatchRecord | undefined;
  }

  /** A job's batches; with `step`, only that plan step's. */
  async listForJob(jobId: string, step?: number): Promise<BatchRecord[]> {
    const items: BatchRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'jobId = :j',
          ExpressionAttributeValues: { ':j': jobId },
          ExclusiveStartKey,
          ConsistentRead: true,
        }),
      );
      items.push(...((out.Items ?? []) as BatchRecord[]));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return step === undefined ? items : items.filter((b) => b.step === step);
  }

  /**
   * Claims the round for one Submit attempt before anything is sent. Another attempt still inside its claim gets
   * `busy` (Step Functions retries it later); a claim older than `staleAfterMs` belongs to an attempt that died,
   * possibly after the vendor accepted the round, so the new owner learns it is `reclaimed` and can reconcile.
   */
  async claimSubmission(
    b: BatchRecord,
    now: Date,
    staleAfterMs: number,
  ): Promise<{ claim: 'claimed' | 'reclaimed'; before: BatchRecord } | { claim: 'busy' | 'submitted' }> {
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId: b.jobId, batchId: b.batchId },
          UpdateExpression: 'SET claimedRound = :r, claimedAt = :now',
          ConditionExpression:
            '#round = :r AND (attribute_not_exists(submittedRound) OR submittedRound <> :r) AND ' +
            '(attribute_not_exists(claimedRound) OR claimedRound <> :r OR claimedAt < :stale)',
          ExpressionAttributeNames: { '#round': 'round' },
          ExpressionAttributeValues: {
            ':r': b.round,
            ':now': now.toISOString(),
            ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = (out.Attributes as BatchRecord | undefined) ?? b;
      return { claim: before.claimedRound === b.round || before.uncertainRound === b.round ? 'reclaimed' : 'claimed', before };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.get(b.jobId, b.batchId);
      return { claim: current.submittedRound === b.round ? 'submitted' : 'busy' };
    }
  }

  /**
   * Gives a claim back when the attempt is over, so a retry can send at once. `uncertain`: an attempt may have
   * reached the vendor (a 5XX, a lost response) at `since`, so the next owner is told the round is `reclaimed` and
   * waits for the vendor's callback from then on; `attempted` when this attempt itself sent the round.
   */
  async releaseClaim(b: BatchRecord, uncertain?: { since: Date; attempted: boolean }): Promise<void> {
    // A new uncertain attempt counts; waiting on an earlier one does not. A round's count starts at the first.
    const count = uncertain?.attempted ? (b.uncertainRound === b.round ? (b.uncertainAttempts ?? 0) : 0) + 1 : undefined;
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId: b.jobId, batchId: b.batchId },
          UpdateExpression: uncertain
            ? `SET uncertainRound = :r, uncertainAt = :since${count ? ', uncertainAttempts = :n' : ''} REMOVE claimedRound`
            : 'REMOVE claimedRound, claimedAt',
          ConditionExpression: 'claimedRound = :r AND (attribute_not_exists(submittedRound) OR submittedRound <> :r)',
          ExpressionAttributeValues: {
            ':r': b.round,
            ...(uncertain && { ':since': uncertain.since.toISOString() }),
            ...(count && { ':n': count }),
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Returns false when this round was already submitted: the vendor accepted it once and must not bill twice. */
  async recordSubmission(b: BatchRecord, vendorBulkId: string, pollingPath: string | undefined, now: Date): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId: b.jobId, batchId: b.batchId },
          UpdateExpression:
            'SET #s = :submitted, submittedRound = :r, vendorBulkId = :id, pollingPath = :p, submittedAt = :t, pollCount = :zero REMOVE taskToken, claimedRound, claimedAt',
          ConditionExpression: '#round = :r AND (attribute_not_exists(submittedRound) OR submittedRound <> :r)',
          ExpressionAttributeNames: { '#s': 'state', '#round': 'round' },
          ExpressionAttributeValues: {
            ':submitted': 'SUBMITTED',
            ':r': b.round,
            ':id': vendorBulkId,
            ':p': pollingPath ?? '',
            ':t': now.toISOString(),
            ':zero': 0,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Parks a task token unless the callback for this round already came; false means "go and poll now". */
  async registerTaskToken(b: BatchRecord, taskToken: string): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId: b.jobId, batchId: b.batchId },
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: 'attribute_not_exists(callbackRound) OR callbackRound <> :r',
          ExpressionAttributeValues: { ':token': taskToken, ':r': b.round },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Records a vendor callback once per round, only while the batch waits for it. Returns the parked task token,
   * or undefined when the callback is a duplicate, late, or for another bulk (and so changes nothing).
   */
  async recordCallback(
    key: { jobId: string; batchId: string },
    round: number,
    vendorBulkId: string,
    status: string,
  ): Promise<{ taskToken?: string } | undefined> {
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET callbackRound = :r, callbackStatus = :status',
          ConditionExpression:
            '#s = :submitted AND submittedRound = :r AND vendorBulkId = :id AND (attribute_not_exists(callbackRound) OR callbackRound <> :r)',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':r': round, ':status': status, ':submitted': 'SUBMITTED', ':id': vendorBulkId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { taskToken: (out.Attributes as BatchRecord | undefined)?.taskToken };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Remembers the bulk a signed callback names for a round Leadflow has not recorded as submitted (its acceptance
   * was lost, or is still on its way). The latest bulk named wins (Submit checks it exists before adopting it);
   * false when the round is already submitted or has moved on, so a late or repeated callback changes nothing.
   */
  async recordAdoptableBulk(key: { jobId: string; batchId: string }, round: number, vendorBulkId: string): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          // Names for an earlier round are dropped: a round's adoption starts from its own callbacks.
          UpdateExpression: 'SET adoptedRound = :r ADD adoptedBulkIds :id',
          ConditionExpression:
            '#round = :r AND (attribute_not_exists(submittedRound) OR submittedRound <> :r) AND ' +
            '(attribute_not_exists(adoptedRound) OR adoptedRound = :r) AND (attribute_not_exists(adoptedBulkIds) OR size(adoptedBulkIds) < :max)',
          ExpressionAttributeNames: { '#round': 'round' },
          ExpressionAttributeValues: { ':r': round, ':id': new Set([vendorBulkId]), ':max': MAX_NAMED_BULKS },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Forgets bulks the vendor says are not this round's (forged or garbled callbacks); genuine names stay. */
  async forgetAdoptedBulks(b: BatchRecord, vendorBulkIds: readonly string[]): Promise<void> {
    if (vendorBulkIds.length === 0) return;
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId: b.jobId, batchId: b.batchId },
        UpdateExpression: 'DELETE adoptedBulkIds :ids',
        ExpressionAttributeValues: { ':ids': new Set(vendorBulkIds) },
      }),
    );
  }

  async incrementPollCount(b: BatchRecord): Promise<number> {
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId: b.jobId, batchId: b.batchId },
        UpdateExpression: 'ADD pollCount :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.pollCount ?? 1);
  }

  /** Moves the batch to its next round once; false when a replayed Collect finds it already moved. */
  async scheduleRetryRound(b: BatchRecord): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId: b.jobId, batchId: b.batchId },
          UpdateExpression: 'SET #round = :next, #s = :state REMOVE taskToken',
          ConditionExpression: '#round = :r',
          ExpressionAttributeNames: { '#round': 'round', '#s': 'state' },
          ExpressionAttributeValues: { ':next': b.round + 1, ':r': b.round, ':state': 'RETRY_PENDING' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Reopens a batch a stopped job left unfinished (lambdas/app/resumeBatches.ts): SUBMITTED when the vendor
   * accepted its round (polled by the stored bulk id, never sent again), PENDING otherwise.
   */
  async reopen(b: BatchRecord): Promise<void> {
    const accepted = b.submittedRound === b.round && Boolean(b.vendorBulkId);
    // A submission that was under way when the job stopped may have reached the vendor: uncertain from its claim on.
    const inFlight = !accepted && b.claimedRound === b.round && b.claimedAt !== undefined;
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId: b.jobId, batchId: b.batchId },
        // Resuming is the user's decision to try again: earlier uncertain attempts no longer count towards giving up.
        UpdateExpression: `SET #s = :state${inFlight ? ', uncertainRound = :r, uncertainAt = :since' : ''} REMOVE #e, taskToken, claimedRound, uncertainAttempts`,
        ConditionExpression: '#s <> :collected',
        ExpressionAttributeNames: { '#s': 'state', '#e': 'error' },
        ExpressionAttributeValues: {
          ':state': accepted ? 'SUBMITTED' : 'PENDING',
          ':collected': 'COLLECTED',
          ...(inFlight && { ':r': b.round, ':since': b.claimedAt }),
        },
      }),
    );
  }

  /** A batch whose unreadable answer was read after all (`reprocess`): COLLECTED once; false if it was not FAILED. */
  async recover(b: BatchRecord): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { jobId: b.jobId, batchId: b.batchId },
          UpdateExpression: 'SET #s = :collected REMOVE #e',
          ConditionExpression: '#s = :failed',
          ExpressionAttributeNames: { '#s': 'state', '#e': 'error' },
          ExpressionAttributeValues: { ':collected': 'COLLECTED', ':failed': 'FAILED' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Moves the batch to a final state once; returns false if it already was final (a replayed step). */
  async finish(key: { jobId: string; batchId: string }, state: 'COLLECTED' | 'FAILED', error?: string): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: error ? 'SET #s = :state, #e = :error REMOVE taskToken' : 'SET #s = :state REMOVE taskToken',
          ConditionExpression: '#s <> :collected AND #s <> :failed',
          ExpressionAttributeNames: { '#s': 'state', ...(error ? { '#e': 'error' } : {}) },
          ExpressionAttributeValues: {
            ':state': state,
            ':collected': 'COLLECTED',
            ':failed': 'FAILED',
            ...(error ? { ':error': error } : {}),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
