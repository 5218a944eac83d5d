import { config } from '../config';
import { ADAPTER_ENV } from '../functionEnvironment';
import { now } from '../clock';
import { leadGeniusClient } from '../leadgenius';
import { invocationLogger } from '../logger';
import { VendorRateLimiter, leadGeniusRules } from '../vendorRateLimiter';
import type { BatchRecord } from '../../core/batch';
import type { RecordResult } from '../../core/enrichedFields';
import type { StepRecord } from '../../core/batcher';
import { matchResults, readLeadGeniusStatus, type LeadGeniusFoundEmail, type LeadGeniusRecord } from '../../vendors/leadgenius';
import { VendorAnswerUnreadable } from '../../core/errors';
import type { VendorStep } from '../../app/ports';

/** What Poll stores once LeadGenius says the bulk is complete: the status call's results, nothing else. */
export interface LeadGeniusRaw {
  /** the completed bulk status exactly as received: it lists every email found */
  body: string;
}

/**
 * LeadGenius email discovery: a bulk job, one webhook per email found, and a status call that alone says the job
 * is complete and lists every email found. Callbacks wake, they do not tell: an email is only ever taken from the
 * status call (made with our key, to the vendor), never from a webhook body, which anyone holding a callback URL
 * could forge. Both limits (objects per hour, status calls per minute and hour) are per API key, so they are
 * taken from a limiter shared by every execution of every job before a request is sent. One grant is one request:
 * the client does not retry on its own (a retry minutes later would be counted by the vendor outside the window
 * the grant reserved); a failed call goes back to the state machine, whose retry takes a new grant.
 */
export function leadGeniusStep(): VendorStep {
  const env = config(...ADAPTER_ENV.leadgenius);
  const rules = leadGeniusRules({
    objectsPerHour: env.LEADGENIUS_OBJECTS_PER_HOUR,
    statusPerMinute: env.LEADGENIUS_STATUS_PER_MINUTE,
    statusPerHour: env.LEADGENIUS_STATUS_PER_HOUR,
  });
  const limiter = new VendorRateLimiter(env.LIMITS_TABLE, { clock: now, marginMs: env.VENDOR_LIMIT_MARGIN_MS });
  const connect = () => leadGeniusClient(env.LEADGENIUS_SECRET_ID, env.LEADGENIUS_BASE_URL);
  return {
    callsBack: false,
    // Webhooks carry `bulk_id`: a bulk job whose acceptance was lost is adopted from the first one. A bulk that
    // finds no email sends none, and is sent again after the grace window (docs/vendors.md, "At most once").
    namesBulkInCallback: true,
    async submit({ batch, records, callbackUrl }) {
      const { client, keyId } = await connect();
      const grant = await limiter.take(`leadgenius#${keyId}#objects`, rules.objects, records.length);
      if (!grant.granted) return { throttledMs: grant.retryAfterMs };
      const accepted = await client.submitBulk({ records: records.map(toLeadGeniusRecord), webhookUrl: callbackUrl });
      // The document gives two acceptance fields and two statuses; which one this key's endpoint uses is worth
      // seeing in the log (ids and the reading only).
      loggerFor(batch).info('LeadGenius accepted the bulk job', {
        vendorBulkId: accepted.jobId,
        idField: accepted.reading.idField,
        httpStatus: accepted.reading.httpStatus,
      });
      return { accepted: { vendorBulkId: accepted.jobId } };
    },
    async confirmBulk(batch, vendorBulkId) {
      const { client, keyId } = await connect();
      const grant = await limiter.take(`leadgenius#${keyId}#status`, rules.status, 1);
      if (!grant.granted) return 'not_yet';
      const answer = await client.bulkStatusAnswer(vendorBulkId);
      if ('notFound' in answer) return 'not_yet';
      try {
        // A job of another size is not this round's (a forged or mistaken bulk_id); no total says nothing.
        const { total } = readLeadGeniusStatus(answer.body);
        return total > 0 && total !== batch.records ? 'no' : 'yes';
      } catch {
        return 'yes';
      }
    },
    async poll(batch) {
      const { client, keyId } = await connect();
      const grant = await limiter.take(`leadgenius#${keyId}#status`, rules.status, 1);
      if (!grant.granted) return { state: 'processing', waitMs: grant.retryAfterMs };
      const answer = await client.bulkStatusAnswer(batch.vendorBulkId!);
      if ('notFound' in answer) {
        // The job was accepted, so a 404 means the status endpoint does not know it yet; Poll's batch deadline
        // ends the wait if it never does.
        loggerFor(batch).info('LeadGenius status does not know the accepted bulk job yet (HTTP 404); polling again', {
          vendorBulkId: batch.vendorBulkId,
        });
        return { state: 'processing', waitMs: env.POLL_INTERVAL_SECONDS * 1000 };
      }
      let completed: boolean;
      try {
        completed = readLeadGeniusStatus(answer.body).completed;
      } catch {
        // Paid-for emails in a body this code cannot read: kept as received; Collect fails the batch as unreadable
        // and `leadflow reprocess` reads it again once the code can.
        completed = true;
      }
      if (!completed) return { state: 'processing', waitMs: env.POLL_INTERVAL_SECONDS * 1000 };
      const raw: LeadGeniusRaw = { body: answer.body };
      return { state: 'done', raw };
    },
    collect(raw, sent) {
      let found: LeadGeniusFoundEmail[];
      try {
        found = readLeadGeniusStatus((raw as LeadGeniusRaw).body).results;
      } catch (error) {
        throw new VendorAnswerUnreadable(`${(error as Error).message}; the answer is kept for leadflow reprocess`);
      }
      const { emailsByExternalId } = matchResults(sent.map(toLeadGeniusRecord), found);
      const outcomes = new Map<string, RecordResult>();
      for (const record of sent) {
        const email = emailsByExternalId.get(record.externalId)?.[0];
        outcomes.set(
          record.externalId,
          email
            ? { externalId: record.externalId, status: 'enriched', values: { person_email: email } }
            : { externalId: record.externalId, status: 'not_found', values: {} },
        );
      }
      // LeadGenius bills every object it processes, found or not.
      return { outcomes, retryIds: new Set(), billed: sent.length };
    },
    stillFailing: (externalId) => ({ externalId, status: 'failed: leadgenius', values: {} }),
  };
}

function loggerFor(batch: BatchRecord) {
  return invocationLogger({ jobId: batch.jobId, batchId: batch.batchId, vendor: batch.vendor, round: batch.round });
}

/** The plan only sends leads with a first name, a last name and a domain (lambdas/core/plan.ts). */
function toLeadGeniusRecord(record: StepRecord): LeadGeniusRecord {
  return { externalId: record.externalId, first: record.lead.firstName ?? '', last: record.lead.lastName ?? '', domain: record.lead.domain ?? '' };
}
