import { config } from '../config';
import { now } from '../clock';
import { leadGeniusClient } from '../leadgenius';
import { listKeys, readJson } from '../s3';
import { VendorRateLimiter, leadGeniusRules } from '../vendorRateLimiter';
import { jobLayout } from '../../core/jobLayout';
import type { RecordResult } from '../../core/enrichedFields';
import type { StepRecord } from '../../core/batcher';
import { matchResults, type LeadGeniusFoundEmail, type LeadGeniusRecord } from '../../vendors/leadgenius';
import type { VendorStep } from './types';

/** What Poll stores once LeadGenius says the bulk is complete: the status results and every webhook's email. */
export interface LeadGeniusRaw {
  found: LeadGeniusFoundEmail[];
  total: number;
  failed: number;
}

/**
 * LeadGenius email discovery: a bulk job, one webhook per email found, and a status call that alone says the job
 * is complete. Both limits (objects per hour, status calls per minute and hour) are per API key, so they are
 * taken from a limiter shared by every execution of every job before a request is sent. One grant is one request:
 * the client does not retry on its own (a retry minutes later would be counted by the vendor outside the window
 * the grant reserved); a failed call goes back to the state machine, whose retry takes a new grant.
 */
export function leadGeniusStep(): VendorStep {
  const env = config(
    'LEADGENIUS_SECRET_ID', 'LEADGENIUS_BASE_URL', 'LIMITS_TABLE', 'POLL_INTERVAL_SECONDS',
    'LEADGENIUS_OBJECTS_PER_HOUR', 'LEADGENIUS_STATUS_PER_MINUTE', 'LEADGENIUS_STATUS_PER_HOUR', 'VENDOR_LIMIT_MARGIN_MS',
  );
  const rules = leadGeniusRules({
    objectsPerHour: env.LEADGENIUS_OBJECTS_PER_HOUR,
    statusPerMinute: env.LEADGENIUS_STATUS_PER_MINUTE,
    statusPerHour: env.LEADGENIUS_STATUS_PER_HOUR,
  });
  const limiter = new VendorRateLimiter(env.LIMITS_TABLE, { clock: now, marginMs: env.VENDOR_LIMIT_MARGIN_MS });
  const connect = () => leadGeniusClient(env.LEADGENIUS_SECRET_ID, env.LEADGENIUS_BASE_URL);
  return {
    callsBack: false,
    async submit({ records, callbackUrl }) {
      const { client, keyId } = await connect();
      const grant = await limiter.take(`leadgenius#${keyId}#objects`, rules.objects, records.length);
      if (!grant.granted) return { throttledMs: grant.retryAfterMs };
      const accepted = await client.submitBulk({ records: records.map(toLeadGeniusRecord), webhookUrl: callbackUrl });
      return { accepted: { vendorBulkId: accepted.jobId } };
    },
    async poll(batch, bucket) {
      const { client, keyId } = await connect();
      const grant = await limiter.take(`leadgenius#${keyId}#status`, rules.status, 1);
      if (!grant.granted) return { state: 'processing', waitMs: grant.retryAfterMs };
      const status = await client.bulkStatus(batch.vendorBulkId!);
      if (!status.completed) return { state: 'processing', waitMs: env.POLL_INTERVAL_SECONDS * 1000 };
      // Webhooks may carry emails the status list does not (and arrive more than once): both go in.
      const webhookKeys = await listKeys(bucket, jobLayout(batch.jobId).webhooks(batch.batchId, batch.round));
      const fromWebhooks = await Promise.all(webhookKeys.map((key) => readJson<LeadGeniusFoundEmail & { bulkId: string }>(bucket, key)));
      const raw: LeadGeniusRaw = {
        found: [...status.results, ...fromWebhooks.filter((w) => w.bulkId === batch.vendorBulkId)],
        total: status.total,
        failed: status.failed,
      };
      return { state: 'done', raw };
    },
    collect(raw, sent) {
      const { found } = raw as LeadGeniusRaw;
      const { emailsByExternalId } = matchResults(sent.map(toLeadGeniusRecord), found);
      const outcomes = new Map<string, RecordResult>();
      for (const record of sent) {
        const email = emailsByExternalId.get(record.externalId)?.[0];
        outcomes.set(
          record.externalId,
          email ? { externalId: record.externalId, status: 'enriched', values: { person_email: email } } : { externalId: record.externalId, status: 'not_found', values: {} },
        );
      }
      // LeadGenius bills every object it processes, found or not.
      return { outcomes, retryIds: new Set(), billed: sent.length };
    },
    stillFailing: (externalId) => ({ externalId, status: 'failed: leadgenius', values: {} }),
  };
}

/** The plan only sends leads with a first name, a last name and a domain (lambdas/core/plan.ts). */
function toLeadGeniusRecord(record: StepRecord): LeadGeniusRecord {
  return { externalId: record.externalId, first: record.lead.firstName ?? '', last: record.lead.lastName ?? '', domain: record.lead.domain ?? '' };
}
