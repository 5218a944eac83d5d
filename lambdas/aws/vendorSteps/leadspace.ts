import { config } from '../config';
import { leadspaceClient } from '../leadspace';
import { VendorBulkFailed } from '../../core/errors';
import type { RecordResult } from '../../core/enrichedFields';
import { isRetry, stillFailingAfterRetry, toRecordResult, type LeadspaceResult } from '../../vendors/leadspace';
import { VendorFatalError } from '../../vendors/errors';
import type { CollectedRound, VendorStep } from './types';

/** Leadspace bulk v3: POST up to 500 records, a callback when done, results by polling. */
export function leadspaceStep(): VendorStep {
  const env = config('LEADSPACE_SECRET_ID', 'LEADSPACE_BASE_URL');
  const client = () => leadspaceClient(env.LEADSPACE_SECRET_ID, env.LEADSPACE_BASE_URL);
  return {
    callsBack: true,
    async submit({ batch, records, callbackUrl }) {
      const accepted = await (await client()).submitBulk({
        records,
        externalBulkId: `${batch.jobId}:${batch.batchId}:${batch.round}`,
        callbackUrl,
      });
      return { accepted: { vendorBulkId: accepted.bulkId, pollingPath: accepted.pollingPath } };
    },
    async poll(batch) {
      if (batch.callbackRound === batch.round && batch.callbackStatus === 'INSUFFICIENT_CREDITS') {
        // Poll records the reason on the job, as for any fatal vendor answer.
        throw new VendorFatalError({
          vendor: 'leadspace',
          httpStatus: 427,
          code: 'insufficient_credits',
          message: 'Leadspace ran out of credits while processing a batch (callback INSUFFICIENT_CREDITS)',
        });
      }
      if (batch.callbackRound === batch.round && batch.callbackStatus === 'INTERNAL_ERROR') {
        throw new VendorBulkFailed('Leadspace reported INTERNAL_ERROR for the bulk');
      }
      if (!batch.pollingPath) throw new Error('Poll reached for a Leadspace round without a polling path');
      const results = await (await client()).getResults(batch.pollingPath);
      if (results.state === 'not_found') throw new VendorBulkFailed('Leadspace has no results for the bulk (HTTP 404)');
      return results.state === 'done' ? { state: 'done', raw: results.results } : { state: 'processing' };
    },
    collect(raw) {
      const round: CollectedRound = { outcomes: new Map<string, RecordResult>(), retryIds: new Set(), billed: 0 };
      for (const result of raw as LeadspaceResult[]) {
        if (result.status === 'success') round.billed += 1;
        const mapped = toRecordResult(result);
        if (isRetry(mapped)) round.retryIds.add(mapped.externalId);
        else round.outcomes.set(mapped.externalId, mapped);
      }
      return round;
    },
    stillFailing: stillFailingAfterRetry,
  };
}
