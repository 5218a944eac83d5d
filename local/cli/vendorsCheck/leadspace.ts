import * as z from 'zod';
import type { BatchRecord } from '../../../lambdas/core/lead';
import { leadspaceClientFromSecret, parseLeadspaceSecret, type LeadspaceSecret } from '../../../lambdas/aws/leadspace';
import {
  LEADSPACE_RESULTS_READINGS,
  LeadspaceResultsBodySchema,
  VendorFatalError,
  VendorProtocolError,
  leadspacePollingPath,
  readLeadspaceResults,
  type LeadspaceClient,
  type LeadspaceResultsRead,
  type SubmittedBulk,
} from '../../../lambdas/vendors/leadspace';
import type { LeadspaceTokenGrant } from '../../../lambdas/vendors/leadspace/oauth';
import type { TransportSettings } from '../../../lambdas/vendors/transport';
import { isUnauthorized, whyFailed } from './errors';
import { HttpLog } from './httpLog';
import { LineBook, confirmed, contradicted, notChecked, type CheckLine, type Verdict } from './lines';
import { gaveUpReason, pollUntil, type Timing } from './timing';

/** A Leadspace client as the pipeline builds it, plus what the check observes around it. */
export interface LeadspaceTarget {
  client: LeadspaceClient;
  /** the configured method, e.g. "perpetual token, Bearer" (never the token) */
  auth: string;
  http: HttpLog;
  /** OAuth tokens obtained during the check (how their expiration was read); empty with a perpetual token */
  grants: LeadspaceTokenGrant[];
  oauth: boolean;
}

/**
 * The target for a secret value exactly as stored (`{"token"…}` or `{"programId", "secret"}`), through the
 * pipeline's own parsing and client factory. One attempt per call: a check must not resend a bulk, and a retried
 * poll would only hide what the vendor answered.
 */
export function leadspaceTarget(secretValue: unknown, baseUrl: string, settings: Omit<TransportSettings, 'retry'> = {}): LeadspaceTarget {
  const secret = parseLeadspaceSecret(secretValue);
  const http = new HttpLog(settings.fetchImpl);
  const grants: LeadspaceTokenGrant[] = [];
  const client = leadspaceClientFromSecret(secret, baseUrl, { ...settings, fetchImpl: http.fetch, retry: { maxAttempts: 1 } }, (grant) => grants.push(grant));
  return { client, auth: describeAuth(secret), http, grants, oauth: !('token' in secret) };
}

function describeAuth(secret: LeadspaceSecret): string {
  if (!('token' in secret)) return 'OAuth 2.0';
  return secret.authScheme === 'basic' ? 'perpetual token, Basic' : 'perpetual token, Bearer';
}

/** A bulk id no bulk can have (Leadspace's are generated): polling it tells a refused credential (401) from 404. */
const UNKNOWN_BULK_ID = 'leadflow-vendors-check-unknown-bulk';
const CHECK_BULK_ID = 'leadflow-vendors-check';
/** Fixed and made up, at a well-known company: never a lead of the user's. */
export const LEADSPACE_CHECK_RECORD: BatchRecord = {
  externalId: 'leadflow-vendors-check-1',
  lead: { firstName: 'Jane', lastName: 'Doe', companyName: 'Microsoft Corporation', domain: 'microsoft.com' },
};

const SUBMIT_PATH = '/enrichment/enrich/bulk';
const OAUTH_PATH = '/oauth/authorize';

/** The document's four values, compared in lower case as the adapter compares them. */
const ENRICHMENT_STATUSES = ['Not Enriched', 'Company Enriched', 'Person Enriched', 'Person & Company Enriched'];

function readings(target: LeadspaceTarget): Record<string, string> {
  return {
    credentials: `credentials are accepted (${target.auth})`,
    ...(target.oauth && { oauthExpiration: 'OAuth token expiration is in epoch seconds' }),
    acceptStatus: 'an accepted bulk answers HTTP 202',
    pollingId: 'the acceptance id is /<apiversion>/enrichment/results/<bulk id>',
    resultsShape: 'results come as { results: [...], external_bulk_id }',
    externalId: 'results echo external_id at the item (results[].external_id)',
    statusCase: 'results[].status is lower case (success, failure)',
    enrichmentStatus: 'enrichment_status is a documented value (any letter case)',
    externalBulkId: 'external_bulk_id is echoed',
  };
}

export async function checkLeadspace(target: LeadspaceTarget, options: { spend: boolean; timing: Timing }): Promise<CheckLine[]> {
  const book = new LineBook('leadspace', readings(target));
  const { client, http } = target;

  try {
    const state = await client.getResults(leadspacePollingPath(UNKNOWN_BULK_ID));
    book.put(
      'credentials',
      state.state === 'not_found'
        ? confirmed()
        : contradicted('unknown bulk', `HTTP ${state.state === 'processing' ? 204 : 200} instead of 404; credentials accepted`),
    );
  } catch (error) {
    if (isUnauthorized(error)) {
      const where = http.last('POST', OAUTH_PATH)?.status === error.httpStatus && target.oauth ? 'OAuth authorize' : 'polling';
      book.put('credentials', contradicted('credentials', `${where} answered HTTP ${error.httpStatus}, refused`));
      return book.rest(notChecked('the credentials were refused'));
    }
    book.put('credentials', notChecked(whyFailed(error)));
    return book.rest(notChecked('the credentials check got no answer'));
  }
  if (target.oauth) book.put('oauthExpiration', oauthExpiration(target.grants));

  if (!options.spend) return book.rest(notChecked('needs --spend 1: submits one synthetic record, billed by Leadspace'));

  let submitted: SubmittedBulk;
  try {
    // No callback URL: the check polls, and Leadspace has nowhere on this machine to call.
    submitted = await client.submitBulk({ records: [LEADSPACE_CHECK_RECORD], externalBulkId: CHECK_BULK_ID });
  } catch (error) {
    const status = http.last('POST', SUBMIT_PATH)?.status;
    if (error instanceof VendorProtocolError && status !== undefined && status >= 200 && status < 300) {
      book.put('acceptStatus', acceptStatus(status));
      book.put('pollingId', contradicted('id', 'not a /<apiversion>/enrichment/results/<bulk id> path', false));
      return book.rest(notChecked('the accepted bulk cannot be polled (it may still be billed)'));
    }
    if (error instanceof VendorFatalError) {
      book.put('acceptStatus', contradicted('acceptance', `HTTP ${error.httpStatus} (${refusal(error)})`));
      return book.rest(notChecked('the synthetic record was refused'));
    }
    book.put('acceptStatus', notChecked(`${whyFailed(error)}; the bulk may have been accepted and is not resent`));
    return book.rest(notChecked('the submission got no usable answer'));
  }
  const status = http.last('POST', SUBMIT_PATH)?.status;
  book.put('acceptStatus', status === undefined ? notChecked('the acceptance status was not seen') : acceptStatus(status));
  book.put('pollingId', confirmed(submitted.pollingPath.replace(/[^/]+$/, '<bulk id>')));

  let body: string;
  try {
    const outcome = await pollUntil(options.timing, async () => {
      const state = await client.getResults(submitted.pollingPath);
      return state.state === 'processing' ? undefined : state;
    });
    if ('gaveUp' in outcome) return book.rest(notChecked(`${gaveUpReason(outcome.gaveUp)} (the bulk stays accepted)`));
    if (outcome.done.state === 'not_found') {
      book.put('resultsShape', contradicted('polling', 'HTTP 404 for the accepted bulk', false));
      return book.rest(notChecked('the accepted bulk has no results'));
    }
    body = outcome.done.body;
  } catch (error) {
    return book.rest(notChecked(`polling failed: ${whyFailed(error)}`));
  }

  let read: LeadspaceResultsRead;
  try {
    read = readLeadspaceResults(body, [LEADSPACE_CHECK_RECORD.externalId]);
  } catch (error) {
    if (!(error instanceof VendorProtocolError)) throw error;
    book.put('resultsShape', contradicted('results', 'not the documented shape', false));
    return book.rest(notChecked('the results could not be read'));
  }
  const shape = resultsShape(body);
  book.put('resultsShape', shape.documented ? confirmed() : contradicted('results', shape.came, true));
  book.put('externalBulkId', externalBulkId(read.externalBulkId));
  const raw = rawResult(shape.json);
  if (read.results.length === 0 || !raw) return book.rest(notChecked('the bulk came back without a result for the record'));

  book.put('externalId', externalIdEcho(read));
  book.put('statusCase', statusCase(raw.status));
  const result = read.results[0]!;
  if (result.status !== 'success') {
    const codes = (result.errors ?? []).map((e) => e.code).join(', ');
    book.put('enrichmentStatus', notChecked(`the record failed${codes ? ` (error ${codes})` : ''}`));
  } else {
    book.put('enrichmentStatus', enrichmentStatus(raw.enrichmentStatus));
  }
  return book.done();
}

function oauthExpiration(grants: readonly LeadspaceTokenGrant[]): Verdict {
  const reading = grants[0]?.expirationReading;
  if (reading === undefined) return notChecked('no token was obtained during the check (one was cached)');
  return reading === 'epoch-seconds' ? confirmed() : contradicted('expiration', reading, true);
}

function acceptStatus(status: number): Verdict {
  return status === 202 ? confirmed() : contradicted('acceptance status', `HTTP ${status}`, true);
}

function refusal(error: VendorFatalError): string {
  switch (error.code) {
    case 'insufficient_credits':
      return 'insufficient credits or an invalid program id';
    case 'unauthorized':
      return 'credentials refused';
    case 'bad_request':
      return 'refused as invalid input';
    case 'forbidden':
      return 'forbidden';
  }
}

function externalIdEcho(read: LeadspaceResultsRead): Verdict {
  const where = read.reading.externalId;
  if (where.item > 0) return confirmed();
  if (where.company > 0) return contradicted('external_id', 'came in company', true);
  if (where['data.company'] > 0) return contradicted('external_id', 'came in data.company', true);
  if (where.order > 0) return contradicted('external_id', 'missing', true);
  return contradicted('external_id', 'missing, and the result matches no record', false);
}

function externalBulkId(echoed: string | undefined): Verdict {
  if (echoed === CHECK_BULK_ID) return confirmed();
  // No echo is read as "not provided"; an echo of another bulk fails the batch (vendorSteps/leadspace.ts).
  return echoed === undefined ? contradicted('external_bulk_id', 'missing', true) : contradicted('external_bulk_id', 'another value', false);
}

function statusCase(status: unknown): Verdict {
  if (typeof status !== 'string') return contradicted('results[].status', 'not text', false);
  const lower = status.trim().toLowerCase();
  // The adapter judges an undocumented status by whether data came back.
  if (lower !== 'success' && lower !== 'failure') return contradicted('results[].status', 'an undocumented value', true);
  if (status === lower) return confirmed();
  return contradicted('results[].status', `came in ${letterCase(status)} (${status})`, true);
}

function enrichmentStatus(value: unknown): Verdict {
  // The adapter reads an absent or unknown value from the fields that came back.
  if (value === undefined || value === null) return contradicted('enrichment_status', 'missing', true);
  if (typeof value !== 'string') return contradicted('enrichment_status', 'not text', true);
  const documented = ENRICHMENT_STATUSES.find((s) => s.toLowerCase() === value.trim().toLowerCase());
  if (!documented) return contradicted('enrichment_status', 'an undocumented value', true);
  // Safe to print: it is one of the document's four words, not something about the lead.
  return confirmed(value === documented ? documented : `${documented}, in ${letterCase(value)}`);
}

function letterCase(value: string): string {
  if (value === value.toUpperCase()) return 'upper case';
  if (value === value.toLowerCase()) return 'lower case';
  return 'another letter case';
}

/**
 * Whether the body has the documented shape, or one of the further shapes the adapter also reads
 * (LEADSPACE_RESULTS_READINGS), and the body in the documented shape either way. Called only on a body
 * readLeadspaceResults has read, so one of them matches.
 */
function resultsShape(body: string): { documented: boolean; came: string; json: unknown } {
  const json: unknown = JSON.parse(body);
  if (LeadspaceResultsBodySchema.safeParse(json).success) return { documented: true, came: '', json };
  const reshaped = LEADSPACE_RESULTS_READINGS.map((reading) => reading(json)).find((r) => LeadspaceResultsBodySchema.safeParse(r).success);
  return { documented: false, came: Array.isArray(json) ? 'a bare list' : 'another shape', json: reshaped };
}

/*
 * The adapter lower-cases results[].status as it reads it, so the letter case the vendor used is taken from the
 * kept body itself, first result only: the check sends one record.
 */
const RawCaseSchema = z.looseObject({
  results: z.array(z.looseObject({ status: z.unknown(), data: z.looseObject({ enrichment_status: z.unknown() }).nullish() })).min(1),
});

function rawResult(json: unknown): { status: unknown; enrichmentStatus: unknown } | undefined {
  const parsed = RawCaseSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const first = parsed.data.results[0]!;
  return { status: first.status, enrichmentStatus: first.data?.enrichment_status };
}
