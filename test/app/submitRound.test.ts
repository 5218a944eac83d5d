import { describe, expect, it } from 'vitest';
import { submitRound, type SubmitRoundPorts } from '../../lambdas/app/submitRound';
import type { JobRecord } from '../../lambdas/core/job';
import type { SubmitOutcome, VendorStep } from '../../lambdas/app/ports';
import type { StepRecord } from '../../lambdas/core/batcher';
import { VendorFatalError, VendorTransientError } from '../../lambdas/vendors/errors';
import { manualClock, memoryLog, submittedBatch } from './fakes';

const SETTINGS = { callbackBaseUrl: 'https://api.example/v1', pollIntervalSeconds: 60, uncertainSubmitGraceSeconds: 3_600, batchDeadlineSeconds: 21_600 };
type Claim = Awaited<ReturnType<SubmitRoundPorts['batches']['claimSubmission']>>;

function setup(options: { claim?: Claim; answer?: SubmitOutcome | Error; job?: Partial<JobRecord> } = {}) {
  const batch = submittedBatch({ state: 'PENDING', submittedRound: undefined, vendorBulkId: undefined });
  const calls: string[] = [];
  const counts: Record<string, number>[] = [];
  const reasons: string[] = [];
  const released: unknown[] = [];
  const sends: string[] = [];
  const vendor: VendorStep = {
    callsBack: true,
    namesBulkInCallback: true,
    submit: async (request) => {
      sends.push(request.callbackUrl);
      const answer = options.answer ?? { accepted: { vendorBulkId: 'bulk-9' } };
      if (answer instanceof Error) throw answer;
      return answer;
    },
    poll: async () => ({ state: 'processing' }),
    collect: () => ({ outcomes: new Map(), retryIds: new Set(), billed: 0 }),
    stillFailing: (externalId) => ({ externalId, status: 'failed: vendor unavailable', values: {} }),
  };
  const ports: SubmitRoundPorts = {
    batches: {
      get: async () => batch,
      claimSubmission: async () => options.claim ?? { claim: 'claimed', before: batch },
      releaseClaim: async (_b, uncertain) => void released.push(uncertain ?? 'refused'),
      recordSubmission: async (_b, bulkId) => (calls.push(`recorded ${bulkId}`), true),
      forgetAdoptedBulks: async () => undefined,
    },
    jobs: {
      get: async () => ({ jobId: 'job-1', ...options.job }) as JobRecord,
      addCounts: async (_j, c) => void counts.push(c as Record<string, number>),
      markOutOfCredits: async (_j, v) => void calls.push(`out of credits ${v}`),
      recordFailureReason: async (_j, reason) => void reasons.push(reason),
    },
    vendors: () => vendor,
    readSent: async function* () {
      yield* Array.from({ length: 3 }, (_, i) => ({ externalId: `r${i}`, cacheKey: `k${i}`, lead: {} }) as StepRecord);
    },
    signingKey: async () => 'signing-key',
    clock: manualClock().now,
    log: memoryLog().log,
  };
  return { submit: () => submitRound(ports, SETTINGS, { jobId: batch.jobId, batchId: batch.batchId }), calls, counts, reasons, released, sends };
}

describe('Submit, at most once', () => {
  it('sends the round with a signed callback URL, records the bulk, and counts what was sent', async () => {
    const { submit, calls, counts, sends } = setup();
    expect(await submit()).toEqual({ sent: true, ready: false, waitSeconds: 60, callsBack: true });
    expect(sends[0]).toMatch(/^https:\/\/api\.example\/v1\/callbacks\/leadspace\/job-1\/s1-b00001\?round=1&exp=\d+&sig=/);
    expect(calls).toEqual(['recorded bulk-9']);
    expect(counts).toEqual([{ recordsSubmitted: 3, leadspaceSent: 3 }]);
  });

  it('never sends a round another attempt already submitted, and lets Step Functions retry one being sent', async () => {
    const submitted = setup({ claim: { claim: 'submitted' } });
    expect((await submitted.submit()).sent).toBe(true);
    expect(submitted.sends).toEqual([]);
    const busy = setup({ claim: { claim: 'busy' } });
    await expect(busy.submit()).rejects.toMatchObject({ name: 'SubmissionInProgress' });
    expect(busy.sends).toEqual([]);
  });

  it('buys nothing for a cancelled job or a vendor already out of credits, and gives the claim back', async () => {
    const cancelled = setup({ job: { cancelRequestedAt: '2026-12-01T10:00:00Z' } });
    await expect(cancelled.submit()).rejects.toMatchObject({ name: 'JobCancelled' });
    const broke = setup({ job: { outOfCredits: ['leadspace'] } });
    await expect(broke.submit()).rejects.toMatchObject({ name: 'VendorOutOfCredits' });
    expect([...cancelled.sends, ...broke.sends]).toEqual([]);
    expect([...cancelled.released, ...broke.released]).toEqual(['refused', 'refused']);
  });

  it('does not resend an attempt that ended without an answer (a 5XX): it waits for the callback naming the bulk', async () => {
    const { submit, released, counts } = setup({ answer: new VendorTransientError({ vendor: 'leadspace', httpStatus: 503, attempts: 1, message: '503' }) });
    expect(await submit()).toMatchObject({ sent: false, waitSeconds: 60 });
    expect(released).toEqual([expect.objectContaining({ attempted: true })]);
    expect(counts).toEqual([]);
  });

  it('stops the vendor for the job when it refuses for lack of credits, with the reason', async () => {
    const refused = new VendorFatalError({
      vendor: 'leadspace',
      httpStatus: 427,
      code: 'insufficient_credits',
      message: 'Leadspace has no credits left (427)',
    });
    const { submit, calls, reasons, released } = setup({ answer: refused });
    await expect(submit()).rejects.toMatchObject({ name: 'VendorOutOfCredits' });
    expect(calls).toEqual(['out of credits leadspace']);
    expect(reasons).toEqual(['Leadspace has no credits left (427)']);
    expect(released).toEqual(['refused']);
  });

  it('waits, sending nothing, while the shared rate limit or the vendor backlog has no room', async () => {
    const { submit, released } = setup({ answer: { throttledMs: 2_500 } });
    expect(await submit()).toMatchObject({ sent: false, waitSeconds: 3 });
    expect(released).toEqual(['refused']);
  });
});
