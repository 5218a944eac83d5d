import type { BatchStore, Log } from './ports';
import { verifyCallback, type CallbackTarget } from '../core/callbackSignature';
import { isBulkId, parseLeadspaceCallback } from '../vendors/leadspace';
import { splitWebhookId } from '../vendors/leadgenius';
import { callbackCanChange } from '../core/batch';

/** Vendors whose callbacks Leadflow asks for: Leadspace (bulk done) and LeadGenius (one per email found). */
export const CALLBACK_VENDORS = new Set(['leadspace', 'leadgenius']);

export interface CallbackPorts {
  batches: Pick<BatchStore, 'find' | 'recordCallback' | 'recordAdoptableBulk'>;
  /** the signing key's current and previous values; `fresh` skips any cache */
  signingKeys: (fresh?: boolean) => Promise<string[]>;
  /** resumes a parked Await; a token that already timed out is not an error */
  wake: (taskToken: string) => Promise<void>;
  now: () => number;
}

export type CallbackOutcome =
  | { kind: 'malformed' | 'forged' | 'not_json' | 'unnamed' }
  /** woke the round's Await, or named the bulk of a round whose acceptance was lost */
  | { kind: 'recorded'; how: 'woke' | 'adopted' }
  /** duplicate, late, or for another bulk: changes nothing */
  | { kind: 'ignored' };

export interface CallbackRequest {
  vendor?: string;
  jobId?: string;
  batchId?: string;
  round?: string;
  exp?: string;
  sig?: string;
  body?: string | null;
}

/**
 * A vendor callback wakes, it does not tell (docs/vendors.md): a valid signature lets it wake the batch's waiting
 * state machine, or name the bulk of a round whose acceptance was lost, and nothing else. Results, failures and
 * credits are read from the vendor's API by Poll, so a forged body with a leaked URL cannot change a result, a
 * cache entry or a job's status.
 */
export async function recordVendorCallback(request: CallbackRequest, ports: CallbackPorts): Promise<CallbackOutcome> {
  const { vendor, jobId, batchId } = request;
  const round = Number(request.round);
  const expiresAt = Number(request.exp);
  if (!vendor || !jobId || !batchId || !Number.isInteger(round) || round < 1 || !Number.isInteger(expiresAt)) return { kind: 'malformed' };
  const target: CallbackTarget = { vendor, jobId, batchId, round, expiresAt };
  if (!CALLBACK_VENDORS.has(vendor)) return { kind: 'forged' };
  const verified = async (fresh: boolean) => verifyCallback(await ports.signingKeys(fresh), target, request.sig ?? '', ports.now());
  // A key rotated since this container cached it signs genuine callbacks too: check once more with fresh keys.
  if (!(await verified(false)) && !(await verified(true))) return { kind: 'forged' };
  let body: unknown;
  try {
    body = JSON.parse(request.body ?? '');
  } catch {
    return { kind: 'not_json' };
  }
  const named = vendor === 'leadspace' ? leadspaceNamedBulk(body) : leadGeniusNamedBulk(body);
  if (!named) return { kind: 'unnamed' };

  const key = { jobId, batchId };
  const batch = await ports.batches.find(jobId, batchId);
  if (!batch || !callbackCanChange(batch, round, named.bulkId)) return { kind: 'ignored' };
  const woke = await ports.batches.recordCallback(key, round, named.bulkId, named.status ?? 'UNKNOWN');
  if (woke) {
    if (woke.taskToken) await ports.wake(woke.taskToken);
    return { kind: 'recorded', how: 'woke' };
  }
  if (await ports.batches.recordAdoptableBulk(key, round, named.bulkId)) return { kind: 'recorded', how: 'adopted' };
  return { kind: 'ignored' };
}

interface NamedBulk {
  bulkId: string;
  pollingPath?: string;
  /** a hint only: it labels records a finished bulk left without a result */
  status?: string;
}

function leadspaceNamedBulk(body: unknown): NamedBulk | undefined {
  const parsed = parseLeadspaceCallback(body);
  if (!parsed.success) return undefined;
  const { bulkId, pollingPath, bulkStatus } = parsed.data;
  return { bulkId, ...(pollingPath && { pollingPath }), ...(bulkStatus && { status: bulkStatus }) };
}

/**
 * LeadGenius names the bulk job as `result.bulk_id` and as the first part of `webhook_id` ("bulk;sub;email"); the
 * rest of the body (the email found) is ignored: the bulk status lists every email (docs/vendors.md).
 */
function leadGeniusNamedBulk(body: unknown): NamedBulk | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { result, webhook_id: webhookId, bulk_id: topLevel } = body as { result?: { bulk_id?: unknown }; webhook_id?: unknown; bulk_id?: unknown };
  const candidates = [result?.bulk_id, topLevel, typeof webhookId === 'string' ? splitWebhookId(webhookId)?.bulkId : undefined];
  const bulkId = candidates.map((c) => (typeof c === 'number' || typeof c === 'string' ? String(c) : undefined)).find((c) => c && isBulkId(c));
  return bulkId ? { bulkId } : undefined;
}

const REPLIES: Record<CallbackOutcome['kind'], [number, Record<string, unknown>]> = {
  malformed: [400, { error: 'Malformed callback URL' }],
  forged: [403, { error: 'Invalid or expired callback signature' }],
  not_json: [400, { error: 'Callback body is not JSON' }],
  unnamed: [400, { error: 'Callback body names no bulk' }],
  recorded: [200, { accepted: true }],
  // 200 so the vendor stops retrying a duplicate or late callback.
  ignored: [200, { accepted: false }],
};

export interface AnswerCallbackPorts extends CallbackPorts {
  log: (keys: Record<string, string | number>) => Log;
  /** counts a forged callback, by vendor (only known vendors: the path is the caller's to choose) */
  countRejected: (vendor: string) => void;
}

/** The callback route: records the callback (above) and answers the vendor, logging ids only once verified. */
export async function answerVendorCallback(
  request: CallbackRequest,
  ports: AnswerCallbackPorts,
): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const outcome = await recordVendorCallback(request, ports);
  const { vendor, jobId, batchId, round } = request;
  if (outcome.kind === 'forged') ports.countRejected(vendor && CALLBACK_VENDORS.has(vendor) ? vendor : 'unknown');
  // The path is the caller's to choose until the signature is verified: only then are its ids logged.
  const signed = outcome.kind === 'recorded' || outcome.kind === 'ignored' || outcome.kind === 'not_json' || outcome.kind === 'unnamed';
  const log = ports.log(signed ? { vendor: vendor!, jobId: jobId!, batchId: batchId!, round: round! } : {});
  log.info('Vendor callback', { outcome: outcome.kind, ...(outcome.kind === 'recorded' && { how: outcome.how }) });
  const [statusCode, body] = REPLIES[outcome.kind];
  return { statusCode, body };
}
