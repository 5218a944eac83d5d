import type { ExportEntry } from '../../core/campaignMapping';

/* Implemented by ExportLedger (lambdas/aws/exportLedger.ts), items of the cache table. */

/** What one job's export did for each of its leads, by external id: a lead is claimed before it is sent. */
export interface ExportLedger {
  getMany(externalIds: readonly string[]): Promise<Map<string, ExportEntry>>;
  /** False when the lead was already claimed: another attempt sent it, or died while sending it. */
  claim(externalId: string): Promise<boolean>;
  record(externalId: string, outcome: string, leadId?: string): Promise<void>;
}
