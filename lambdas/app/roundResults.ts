import type { StepRecord } from '../core/batcher';
import type { RecordResult } from '../core/enrichedFields';
import { isCacheable, type CachedAnswer } from '../core/vendorCacheKey';
import type { VendorStep } from './ports';

export interface RoundResults {
  /** what goes into the round's results file: every record, except those retried in a later round */
  final: RecordResult[];
  /** records the vendor failed transiently, sent again in the next round */
  retry: StepRecord[];
  /** real answers, by cache key, for the cross-job cache */
  answers: Map<string, CachedAnswer>;
  collected: ReturnType<VendorStep['collect']>;
}

/**
 * One round's kept vendor answer, read by the vendor's adapter into per-record outcomes: the rule Collect applies
 * when the answer arrives, and `reprocess` when it reads the kept answer again with newer code.
 * `anotherRound`: records failed transiently go to a next round (true) or end as still failing (false).
 */
export function roundResults(vendor: VendorStep, vendorName: string, raw: unknown, sent: readonly StepRecord[], anotherRound: boolean): RoundResults {
  const collected = vendor.collect(raw, sent);
  const { outcomes, retryIds } = collected;
  const retrying = anotherRound && retryIds.size > 0;
  const results: RecordResult[] = sent.map((record) => {
    const outcome = outcomes.get(record.externalId);
    if (outcome) return outcome;
    if (retryIds.has(record.externalId)) return vendor.stillFailing(record.externalId);
    return { externalId: record.externalId, status: `failed: ${vendorName} returned no result`, values: {} };
  });
  const final = retrying ? results.filter((r) => !retryIds.has(r.externalId)) : results;
  const cacheKeys = new Map(sent.map((r) => [r.externalId, r.cacheKey]));
  const answers = new Map<string, CachedAnswer>();
  for (const result of final) {
    const key = cacheKeys.get(result.externalId);
    if (key && isCacheable(result.status)) answers.set(key, { status: result.status, values: result.values });
  }
  return { final, retry: retrying ? sent.filter((r) => retryIds.has(r.externalId)) : [], answers, collected };
}
