import { describe, expect, it } from 'vitest';
import { decideUncertainRound, MAX_UNCERTAIN_ATTEMPTS, namedBulks } from '../../lambdas/core/uncertainRound';
import { callbackUrl, signCallback, verifyCallback } from '../../lambdas/core/callbackSignature';
import { applyStepResult, BUDGET_SKIPPED, initialState, recordStepOutcome, replayStepDecision } from '../../lambdas/core/leadState';
import type { PlanStep } from '../../lambdas/core/plan';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe('an uncertain round', () => {
  const round = { round: 1, uncertainRound: 1, uncertainAt: at(0), uncertainAttempts: 1 };

  it('waits for the callback within the grace window, at most a poll interval at a time', () => {
    expect(decideUncertainRound(round, T0 + 1_000, 60, 5)).toEqual({ kind: 'wait', seconds: 5 });
    expect(decideUncertainRound(round, T0 + 58_500, 60, 5)).toEqual({ kind: 'wait', seconds: 2 });
  });

  it('is sent again only once the window passed, and given up after the last allowed attempt', () => {
    expect(decideUncertainRound(round, T0 + 60_000, 60, 5)).toEqual({ kind: 'resend' });
    expect(decideUncertainRound({ ...round, uncertainAttempts: MAX_UNCERTAIN_ATTEMPTS }, T0 + 60_000, 60, 5)).toEqual({ kind: 'give_up' });
  });

  it('ignores what an earlier round left: a new round has its own window and count', () => {
    const later = { ...round, round: 2, uncertainAttempts: MAX_UNCERTAIN_ATTEMPTS, claimedAt: at(120_000) };
    expect(decideUncertainRound(later, T0 + 130_000, 60, 5)).toEqual({ kind: 'wait', seconds: 5 });
    expect(decideUncertainRound(later, T0 + 180_000, 60, 5)).toEqual({ kind: 'resend' });
  });

  it('names only the bulks callbacks named for this round', () => {
    expect(namedBulks({ round: 2, adoptedRound: 2, adoptedBulkIds: new Set(['b', 'a']) })).toEqual(['a', 'b']);
    expect(namedBulks({ round: 2, adoptedRound: 1, adoptedBulkIds: new Set(['a']) })).toEqual([]);
  });
});

describe('signed callback URLs', () => {
  const target = { vendor: 'leadspace', jobId: 'j', batchId: 's1-b00001', round: 1, expiresAt: Math.floor(T0 / 1000) + 60 };

  it('verify with the current or the previous key, until they expire', () => {
    const url = new URL(callbackUrl('https://api.example/v1', 'old-key', target));
    const sig = url.searchParams.get('sig')!;
    expect(url.searchParams.get('exp')).toBe(String(target.expiresAt));
    expect(verifyCallback(['new-key', 'old-key'], target, sig, T0)).toBe(true);
    expect(verifyCallback(['new-key'], target, sig, T0)).toBe(false);
    expect(verifyCallback(['old-key'], target, sig, T0 + 61_000)).toBe(false);
    expect(verifyCallback(['old-key'], { ...target, expiresAt: target.expiresAt + 3600 }, sig, T0)).toBe(false);
    expect(verifyCallback(['old-key'], { ...target, round: 2 }, signCallback('old-key', target), T0)).toBe(false);
  });
});

describe('replaying a step decision when earlier answers are read again', () => {
  const step: PlanStep = { vendor: 'leadgenius', requires: [], missing: [], overwrite: false };
  const fresh = initialState('x1', { firstName: 'Ada', lastName: 'Novak' });

  it('re-applies a cached answer under fill-if-blank: a value the earlier step now gives is kept', () => {
    const before = applyStepResult(fresh, step, { externalId: 'x1', status: 'enriched', values: { person_email: 'ada@firm.example' } }, { cached: true });
    const refolded = {
      ...fresh,
      values: { ...fresh.values, person_email: 'ada.novak@firm.example' },
      sources: { ...fresh.sources, person_email: 'leadspace' as const },
    };
    const replayed = replayStepDecision(refolded, before, step);
    expect(replayed.values.person_email).toBe('ada.novak@firm.example');
    expect(replayed.steps).toEqual([{ vendor: 'leadgenius', status: 'enriched', cached: true }]);
  });

  it('keeps the batch a lead was sent in, and a budget skip', () => {
    expect(replayStepDecision(fresh, { ...fresh, sb: 's2-b00001', sx: 'x9' }, step)).toMatchObject({ sb: 's2-b00001', sx: 'x9', steps: [] });
    expect(replayStepDecision(fresh, recordStepOutcome(fresh, 'leadgenius', BUDGET_SKIPPED), step).steps).toEqual([
      { vendor: 'leadgenius', status: BUDGET_SKIPPED },
    ]);
  });
});
