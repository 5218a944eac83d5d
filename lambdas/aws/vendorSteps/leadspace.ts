import { config } from '../config';
import { ADAPTER_ENV } from '../functionEnvironment';
import { leadspaceClient } from '../leadspace';
import { leadspaceBacklog } from '../leadspaceBacklog';
import { roundKey as externalBulkIdOf } from '../../core/rounds';
import { VendorAnswerUnreadable, VendorBulkFailed } from '../../core/errors';
import type { RecordResult } from '../../core/enrichedFields';
import {
  isRetry,
  leadspacePollingPath,
  readLeadspaceResults,
  stillFailingAfterRetry,
  toRecordResult,
  type LeadspaceResultsRead,
} from '../../vendors/leadspace';
import type { CollectedRound, LeadspaceBacklog, VendorStep } from '../../app/ports';

/** What Poll keeps of a finished bulk: the body exactly as received, and what the callback hinted. */
export interface LeadspaceRaw {
  body: string;
  /** `${jobId}:${batchId}:${round}`, sent as external_bulk_id: a bulk that echoes another one is not this round's */
  externalBulkId: string;
  /** the callback's bulkStatus, a hint only: it labels records the bulk left without a result */
  bulkStatus?: string;
}

export const OUT_OF_CREDITS_STATUS = 'failed: vendor out of credits';

/**
 * Leadspace bulk v3: POST up to 500 records, a callback when done, results by polling. Every bulk holds its
 * records in the account's backlog ledger from before it is sent until it is collected or failed.
 */
export function leadspaceStep(): VendorStep {
  const env = config(...ADAPTER_ENV.leadspace);
  const client = () => leadspaceClient(env.LEADSPACE_SECRET_ID, env.LEADSPACE_BASE_URL, { requestTimeoutMs: env.VENDOR_REQUEST_TIMEOUT_MS });
  // Built on first use: Poll and reprocess never hold.
  let backlog: LeadspaceBacklog | undefined;
  const backlogLedger = () => (backlog ??= leadspaceBacklog());
  return {
    callsBack: true,
    namesBulkInCallback: true,
    pollingPathFor: leadspacePollingPath,
    async confirmBulk(batch, vendorBulkId) {
      const results = await (await client()).getResults(leadspacePollingPath(vendorBulkId));
      if (results.state === 'not_found') return 'no';
      if (results.state === 'processing') return 'not_yet';
      try {
        const read = readLeadspaceResults(results.body);
        // Another request's bulk (its echo, or more results than this round sent) is never adopted.
        if ((read.externalBulkId && read.externalBulkId !== externalBulkIdOf(batch)) || read.results.length > batch.records) return 'no';
      } catch {
        // A finished bulk in a shape this code cannot read: adopted, so Collect keeps it for `leadflow reprocess`.
      }
      return 'yes';
    },
    async submit({ batch, records, callbackUrl, holdUntilMs, noRoomWaitMs }) {
      // The hold is kept if the answer is lost (the bulk may be in the backlog) and given back by Collect or BatchFailed.
      const held = await backlogLedger().hold(batch, records.length, holdUntilMs);
      if (!held.granted) return { throttledMs: noRoomWaitMs };
      const accepted = await (await client()).submitBulk({ records, externalBulkId: externalBulkIdOf(batch), callbackUrl });
      return { accepted: { vendorBulkId: accepted.bulkId, pollingPath: accepted.pollingPath } };
    },
    async poll(batch) {
      // The callback's status is not acted on: whatever the bulk holds is read from the polling endpoint.
      const path = batch.pollingPath || leadspacePollingPath(batch.vendorBulkId!);
      const results = await (await client()).getResults(path);
      if (results.state === 'not_found') throw new VendorBulkFailed('Leadspace has no results for the bulk (HTTP 404)');
      if (results.state === 'processing') return { state: 'processing' };
      const raw: LeadspaceRaw = {
        body: results.body,
        externalBulkId: externalBulkIdOf(batch),
        ...(batch.callbackRound === batch.round && batch.callbackStatus && { bulkStatus: batch.callbackStatus }),
      };
      return { state: 'done', raw };
    },
    collect(raw, sent) {
      const { body, externalBulkId, bulkStatus } = raw as LeadspaceRaw;
      let read: LeadspaceResultsRead;
      try {
        read = readLeadspaceResults(
          body,
          sent.map((r) => r.externalId),
        );
      } catch (error) {
        throw new VendorAnswerUnreadable(`${(error as Error).message}; the answer is kept for leadflow reprocess`);
      }
      if (read.externalBulkId && read.externalBulkId !== externalBulkId) {
        throw new VendorBulkFailed("The Leadspace bulk polled echoes another request's external_bulk_id");
      }
      const round: CollectedRound = { outcomes: new Map<string, RecordResult>(), retryIds: new Set(), billed: 0, reading: { ...read.reading } };
      for (const result of read.results) {
        // The vendor bills the records it processed successfully.
        if (result.status === 'success') round.billed += 1;
        const mapped = toRecordResult(result);
        if (isRetry(mapped)) round.retryIds.add(mapped.externalId);
        else round.outcomes.set(mapped.externalId, mapped);
      }
      if (bulkStatus === 'INSUFFICIENT_CREDITS') {
        // The bulk stopped where the credits ended: the records it did not reach were not bought.
        for (const record of sent) {
          if (round.outcomes.has(record.externalId) || round.retryIds.has(record.externalId)) continue;
          round.outcomes.set(record.externalId, { externalId: record.externalId, status: OUT_OF_CREDITS_STATUS, values: {} });
          round.outOfCredits = true;
        }
      }
      return round;
    },
    stillFailing: stillFailingAfterRetry,
    release: (batch) => backlogLedger().release(batch),
  };
}
