import { leadGeniusClientFromSecret } from '../../../lambdas/aws/leadgenius';
import { VendorFatalError, VendorTransientError, type LeadGeniusClient, type LeadGeniusRecord } from '../../../lambdas/vendors/leadgenius';
import type { TransportSettings } from '../../../lambdas/vendors/transport';
import { isUnauthorized, whyFailed } from './errors';
import { LineBook, confirmed, contradicted, notChecked, type CheckLine, type Verdict } from './lines';

export interface LeadGeniusTarget {
  client: LeadGeniusClient;
}

/** The target for a secret value exactly as stored, through the pipeline's factory (one attempt per call). */
export function leadGeniusTarget(secretValue: unknown, baseUrl: string, settings: Omit<TransportSettings, 'retry'> = {}): LeadGeniusTarget {
  return { client: leadGeniusClientFromSecret(secretValue, baseUrl, settings).client };
}

/** Not a number, and not the "bulk-<n>" form either: no job of any dialect has it. */
const UNKNOWN_JOB_ID = 'leadflow-vendors-check-unknown-job';
/** Made up, at a reserved domain: never a lead of the user's. */
export const LEADGENIUS_CHECK_RECORD: LeadGeniusRecord = { externalId: 'leadflow-vendors-check-1', first: 'Jane', last: 'Doe', domain: 'example.com' };

const READINGS = {
  credentials: 'the API key is accepted',
  acceptIdField: 'an accepted bulk job carries job_id',
  acceptStatus: 'an accepted bulk job answers HTTP 202',
  status: 'the bulk status of an accepted job answers 200',
};

/*
 * Bulk status calls are limited to 1 a minute per key, and the pipeline may be using this minute's: the check makes
 * exactly one, for an unknown job (to tell a refused key from a good one) or, with --spend 1, for the job it
 * submitted (where the submission already proved the key). A refused call is reported, never repeated.
 */
export async function checkLeadGenius(target: LeadGeniusTarget, options: { spend: boolean }): Promise<CheckLine[]> {
  const book = new LineBook('leadgenius', READINGS);
  const { client } = target;

  if (!options.spend) {
    try {
      await client.bulkStatus(UNKNOWN_JOB_ID);
      book.put('credentials', confirmed());
    } catch (error) {
      book.put('credentials', keyVerdict(error, STATUS_LIMIT));
    }
    return book.rest(notChecked('needs --spend 1: submits one synthetic object, billed by LeadGenius'));
  }

  let jobId: string;
  try {
    const submitted = await client.submitBulk({ records: [LEADGENIUS_CHECK_RECORD] });
    jobId = submitted.jobId;
    book.put('credentials', confirmed());
    book.put('acceptIdField', submitted.reading.idField === 'job_id' ? confirmed() : contradicted('acceptance id field', submitted.reading.idField, true));
    book.put(
      'acceptStatus',
      submitted.reading.httpStatus === 202 ? confirmed() : contradicted('acceptance status', `HTTP ${submitted.reading.httpStatus}`, true),
    );
  } catch (error) {
    if (isUnauthorized(error) || isRateLimited(error)) {
      book.put('credentials', keyVerdict(error, OBJECTS_LIMIT));
      return book.rest(notChecked(isRateLimited(error) ? 'the submission was rate limited' : 'the API key was refused'));
    }
    if (error instanceof VendorFatalError) {
      book.put('acceptStatus', contradicted('submission', `HTTP ${error.httpStatus}, refused`));
      return book.rest(notChecked('the synthetic object was refused'));
    }
    book.put('acceptStatus', notChecked(`${whyFailed(error)}; the job may have been accepted and is not resent`));
    return book.rest(notChecked('the submission got no usable answer'));
  }

  try {
    const status = await client.bulkStatus(jobId);
    // The client reads a 404 for a job it was given as "still processing", so jobs keep working.
    book.put(
      'status',
      status.notFound ? contradicted('status', 'HTTP 404 for the accepted job', true) : confirmed(status.completed ? 'completed' : 'still running'),
    );
  } catch (error) {
    book.put('status', isRateLimited(error) ? notChecked(rateLimitedWhy(error, STATUS_LIMIT)) : notChecked(whyFailed(error)));
  }
  return book.done();
}

const STATUS_LIMIT = 'LeadGenius allows 1 bulk status call a minute per key; try again in a minute';
const OBJECTS_LIMIT = 'LeadGenius allows 5,000 objects an hour per key; try again later';

function keyVerdict(error: unknown, limit: string): Verdict {
  if (isUnauthorized(error)) return contradicted('API key', `HTTP ${error.httpStatus}, refused`);
  if (isRateLimited(error)) return notChecked(rateLimitedWhy(error, limit));
  return notChecked(whyFailed(error));
}

/** 429, or the 403 whose body speaks of a limit (the client tells it from a refused key). */
function isRateLimited(error: unknown): error is VendorTransientError {
  return error instanceof VendorTransientError && (error.httpStatus === 429 || error.httpStatus === 403);
}

function rateLimitedWhy(error: VendorTransientError, limit: string): string {
  return `rate limited (HTTP ${error.httpStatus}): ${limit}`;
}
