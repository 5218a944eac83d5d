import { describe, expect, it } from 'vitest';
import { jobOutcome } from '../../lambdas/core/jobOutcome';

const collected = { state: 'COLLECTED' };
const timedOut = { state: 'FAILED', error: 'BatchDeadlineExceeded' };
const down = { state: 'FAILED', error: 'VendorTransientError' };

describe('jobOutcome', () => {
  it('is COMPLETED when every batch was collected, and for a file with no sendable lead', () => {
    expect(jobOutcome({ cancelled: false, failed: false, batches: [collected, collected] })).toEqual({ status: 'COMPLETED' });
    expect(jobOutcome({ cancelled: false, failed: false, batches: [] })).toEqual({ status: 'COMPLETED' });
  });

  it('is PARTIAL when some batches failed and others were enriched', () => {
    expect(jobOutcome({ cancelled: false, failed: false, batches: [collected, timedOut] })).toEqual({ status: 'PARTIAL' });
  });

  it('is PARTIAL when rows failed inside collected batches (a vendor out of credits halfway)', () => {
    expect(jobOutcome({ cancelled: false, failed: false, batches: [collected], failedRows: 3 })).toEqual({ status: 'PARTIAL' });
    expect(jobOutcome({ cancelled: false, failed: false, batches: [collected], failedRows: 0 })).toEqual({ status: 'COMPLETED' });
  });

  it('is FAILED, naming why, when every batch failed', () => {
    expect(jobOutcome({ cancelled: false, failed: false, batches: [timedOut, down, down] })).toEqual({
      status: 'FAILED',
      reason: 'Every batch failed (vendor timeout, vendor unavailable); no lead was enriched',
    });
  });

  it('lets a cancellation or a caught failure decide over the batches', () => {
    expect(jobOutcome({ cancelled: true, failed: false, batches: [collected, down] })).toEqual({ status: 'CANCELLED' });
    expect(jobOutcome({ cancelled: false, failed: true, batches: [collected] })).toEqual({ status: 'FAILED' });
  });
});
