import { config } from '../config';
import { ADAPTER_ENV } from '../functionEnvironment';
import { aggKnowledgeClient } from '../aggknowledge';
import { now, sleep } from '../clock';
import { VendorRateLimiter, pacedFetch } from '../vendorRateLimiter';
import { VendorAnswerUnreadable, VendorBulkFailed } from '../../core/errors';
import { roundKey as submissionKeyOf } from '../../core/rounds';
import { VendorProtocolError } from '../../vendors/errors';
import type { RecordResult } from '../../core/enrichedFields';
import { collectResults, mergePages, readItemPage, stillFailingAfterRetry, type AggKnowledgeItemsReading } from '../../vendors/aggknowledge';
import type { CollectedRound, VendorStep } from '../../app/ports';

/**
 * What Poll stores once the batch is complete: every page of items exactly as received (the items were paid for,
 * so they are kept before they are read), the key that tells ours from a duplicate's, and the status word seen.
 */
interface AggKnowledgeRaw {
  submissionKey: string;
  pages: string[];
  statusValue: string;
}

/**
 * Which reading of the document the vendor's answers matched: key names, recognised status words and counts,
 * never a value. A type alias, so it is a plain record for the Collect handler's log.
 */
export type AggKnowledgeCollectReading = Partial<AggKnowledgeItemsReading> & {
  statusValue?: string;
  fieldNames: string[];
  ignoredFieldNames: string[];
  items: number;
  billed: number;
  unmapped: number;
};

/** A round's outcome, plus how many rows the vendor billed without giving Leadflow a field it maps. */
export interface AggKnowledgeCollectedRound extends CollectedRound {
  unmapped: number;
  reading: AggKnowledgeCollectReading;
}

/** How far before an uncertain attempt's claim its batch may have been created (clock skew with the vendor). */
const RECONCILE_SLACK_MS = 60_000;
/** A batch is only recognisable once an item is processed: look a few times before buying it again. */
const RECONCILE_LOOKS = 3;
const RECONCILE_PAUSE_MS = 1_000;

/**
 * AggKnowledge person v2, asynchronous: a bulk enrich returns a batch id, the batch is polled (no callbacks) and
 * its items are read page by page. Each request's metadata carries the row's external id and the submission's
 * key, so answers map back to rows and a batch whose acceptance was lost can be found again instead of bought twice.
 */
export function aggKnowledgeStep(): VendorStep {
  const env = config(...ADAPTER_ENV.aggknowledge);
  // The document puts bulk enrich in Tier 3 and every read in Tier 4 without saying what a tier allows: the rates
  // are configuration (docs/vendors.md), held per key across all jobs.
  const limiter = new VendorRateLimiter(env.LIMITS_TABLE, { clock: now, marginMs: env.VENDOR_LIMIT_MARGIN_MS });
  const tiers = {
    POST: { tier: 'tier3', rules: [{ windowMs: 60_000, limit: env.AGGKNOWLEDGE_TIER3_PER_MINUTE }] },
    GET: { tier: 'tier4', rules: [{ windowMs: 60_000, limit: env.AGGKNOWLEDGE_TIER4_PER_MINUTE }] },
  };
  const pace = (keyId: string) =>
    pacedFetch(
      limiter,
      (method) => {
        const { tier, rules } = method === 'POST' ? tiers.POST : tiers.GET;
        return { limitKey: `aggknowledge#${keyId}#${tier}`, rules };
      },
      sleep,
    );
  const connect = (retry?: { maxAttempts: number }) =>
    aggKnowledgeClient(env.AGGKNOWLEDGE_SECRET_ID, env.AGGKNOWLEDGE_BASE_URL, env.AGGKNOWLEDGE_ENVIRONMENT, retry, pace);
  return {
    callsBack: false,
    async submit({ batch, records, reclaimed }) {
      // No transport retries for the submission: a 5XX may come after the vendor accepted the batch, and a blind
      // resend would buy it twice. The failed attempt is retried by the state machine, which reconciles first.
      const submissionKey = submissionKeyOf(batch);
      if (reclaimed && batch.claimedAt) {
        const lookup = await connect();
        const since = new Date(Date.parse(batch.claimedAt) - RECONCILE_SLACK_MS);
        for (let look = 1; look <= RECONCILE_LOOKS; look++) {
          const existing = await lookup.findBatch(submissionKey, since);
          if (existing) return { accepted: { vendorBulkId: existing } };
          if (look < RECONCILE_LOOKS) await new Promise((resolve) => setTimeout(resolve, RECONCILE_PAUSE_MS));
        }
      }
      const client = await connect({ maxAttempts: 1 });
      const accepted = await client.submitBulk(
        records.map((r) => ({ externalId: r.externalId, linkedinUrl: r.lead.linkedinUrl })),
        submissionKey,
      );
      return { accepted: { vendorBulkId: accepted.batchId } };
    },
    async poll(batch) {
      const client = await connect();
      const status = await client.batchStatus(batch.vendorBulkId!);
      // Thrown like any failure of Poll, so the batch ends in BatchFailed (rows `failed: vendor bulk error`).
      // The status word is one of the recognised ones, not free text.
      if (status.status === 'failed') throw new VendorBulkFailed(`AggKnowledge reports the batch as failed (status ${status.statusValue})`);
      if (status.status !== 'completed') return { state: 'processing' };
      const pages: string[] = [];
      try {
        await client.readItems(batch.vendorBulkId!, { keep: (body) => pages.push(body) });
      } catch (error) {
        // A page this code cannot read (and so no cursor to the next): what came is kept, and Collect fails the
        // batch as unreadable; `leadflow reprocess` reads it again once the code can.
        if (!(error instanceof VendorProtocolError) || pages.length === 0) throw error;
      }
      const raw: AggKnowledgeRaw = { submissionKey: submissionKeyOf(batch), pages, statusValue: status.statusValue };
      return { state: 'done', raw };
    },
    collect(raw) {
      const { submissionKey, pages, statusValue } = raw as AggKnowledgeRaw;
      let read: ReturnType<typeof mergePages>;
      try {
        read = mergePages(pages.map((body) => readItemPage(body)));
      } catch (error) {
        throw new VendorAnswerUnreadable(`${(error as Error).message}; the answer is kept for leadflow reprocess`);
      }
      const { items } = read;
      const reading = { statusValue, ...read.reading };
      const collected = collectResults(items, submissionKey);
      const round: AggKnowledgeCollectedRound = {
        outcomes: new Map<string, RecordResult>(collected.results.map((r) => [r.externalId, r])),
        retryIds: new Set(collected.retry),
        // The vendor bills successful enrichments, unmapped ones included.
        billed: collected.billed,
        unmapped: collected.unmapped,
        // Logged by Collect: a vendor answering in an unexpected dialect shows here (and as `unmapped` rows).
        reading: {
          ...reading,
          fieldNames: collected.fieldNames,
          ignoredFieldNames: collected.ignoredFieldNames,
          items: items.length,
          billed: collected.billed,
          unmapped: collected.unmapped,
        },
      };
      return round;
    },
    stillFailing: stillFailingAfterRetry,
  };
}
