import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients';
import { isConditionFailure } from './conditionFailure';
import type { ExportLedger as ExportLedgerPort } from '../app/ports';
import type { ExportEntry } from '../core/campaignMapping';

/**
 * What a job's export did for each of its leads, kept in the cache table under `export|<job>|<lead>` (encrypted,
 * expiring with the job's data). A lead is claimed before it is sent and recorded after, so a re-run export skips
 * what was sent and never sends a lead twice: HeroBase has no idempotency key.
 */
export class ExportLedger implements ExportLedgerPort {
  constructor(
    private readonly tableName: string,
    private readonly jobId: string,
    private readonly expiresAt: number,
  ) {}

  private key(externalId: string) {
    return { cacheKey: `export|${this.jobId}|${externalId}` };
  }

  async getMany(externalIds: readonly string[]): Promise<Map<string, ExportEntry>> {
    const found = new Map<string, ExportEntry>();
    for (let i = 0; i < externalIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = externalIds.slice(i, i + 100).map((x) => this.key(x));
      while (keys && keys.length > 0) {
        const out = await documentClient().send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          found.set(String(item.cacheKey).slice(`export|${this.jobId}|`.length), item as unknown as ExportEntry);
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  /** False when the lead was already claimed: another attempt sent it, or died while sending it. */
  async claim(externalId: string): Promise<boolean> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(externalId), state: 'sending', expiresAt: this.expiresAt },
          ConditionExpression: 'attribute_not_exists(cacheKey)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async record(externalId: string, outcome: string, leadId?: string): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(externalId), state: 'done', outcome, ...(leadId && { leadId }), expiresAt: this.expiresAt },
      }),
    );
  }
}
