import type { BatchRecord } from '../core/batch';
import { decideUncertainRound, namedBulks, uncertainSince } from '../core/uncertainRound';
import type { BatchStore, VendorStep } from './ports';

export type UncertainOutcome =
  /** a bulk a callback named is confirmed as this round's: recorded as submitted, nothing sent */
  { kind: 'adopted'; vendorBulkId: string } | { kind: 'wait'; seconds: number } | { kind: 'resend' } | { kind: 'give_up' };

export interface UncertainSettings {
  nowMs: number;
  graceSeconds: number;
  pollIntervalSeconds: number;
}

/**
 * A round reclaimed after an attempt that may have reached the vendor (docs/vendors.md, "At most once"). Every bulk
 * a signed callback named for it is put to the vendor: the first it confirms as this round's is adopted, those it
 * denies are forgotten (a forged name changes nothing), and the rest wait. Without a confirmed bulk, the grace
 * window decides: wait, send again, or give up after as many uncertain attempts as allowed.
 * `before` is the batch as the claim found it; the claim is released unless the round is adopted or resent.
 */
export async function settleUncertainRound(
  batch: BatchRecord,
  before: BatchRecord,
  vendor: VendorStep,
  batches: Pick<BatchStore, 'recordSubmission' | 'forgetAdoptedBulks' | 'releaseClaim'>,
  settings: UncertainSettings,
): Promise<UncertainOutcome> {
  const denied: string[] = [];
  for (const vendorBulkId of namedBulks(before)) {
    const answer = vendor.confirmBulk ? await vendor.confirmBulk(batch, vendorBulkId) : 'yes';
    if (answer === 'no') denied.push(vendorBulkId);
    if (answer !== 'yes') continue;
    await batches.recordSubmission(batch, vendorBulkId, vendor.pollingPathFor?.(vendorBulkId), new Date(settings.nowMs));
    return { kind: 'adopted', vendorBulkId };
  }
  await batches.forgetAdoptedBulks(batch, denied);
  const action = decideUncertainRound(before, settings.nowMs, settings.graceSeconds, settings.pollIntervalSeconds);
  if (action.kind === 'resend') return action;
  const since = uncertainSince(before);
  await batches.releaseClaim(batch, action.kind === 'wait' ? { since: new Date(since ? Date.parse(since) : settings.nowMs), attempted: false } : undefined);
  return action;
}
