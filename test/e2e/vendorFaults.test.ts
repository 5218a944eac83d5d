/*
 * Vendors failing in the middle, not at the door, each fault with three seeds (this file: Leadspace loses its answer to an accepted bulk; vendorFaultsStopped: credits, cancellation and credentials run out mid-job; vendorFaultsForged: forged callbacks and LeadGenius losing its answer): Leadspace accepts a bulk and then
 * answers 5XX or too slowly, runs out of credits while bulks run in parallel, loses the account's credentials, or
 * receives forged callbacks; LeadGenius answers 500 after accepting; the user cancels a running job. Billing is
 * judged by the simulator's own count of what it charged, never by what Leadflow believes it read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseline, leadspaceSummary, ROWS, run, runtime, startFaultRuntime, stopFaultRuntime } from './vendorFaultsSetup';

beforeAll(startFaultRuntime);
afterAll(stopFaultRuntime);

describe('Leadspace accepts a bulk, then its answer is lost', () => {
  it('baseline: every row once, billed as the simulator counts it', () => {
    expect(baseline.run.job.status).toBe('COMPLETED');
    expect(baseline.output).toHaveLength(ROWS + 1);
    expect(baseline.billed).toBeGreaterThan(ROWS / 2);
    expect(leadspaceSummary(baseline).recordsBilled).toBe(baseline.billed);
  });

  // Leadspace accepted the bulk (and bills it) but its answer is lost: a 5XX instead of the 202, or a 202 after the client gave up.
  const LOST_ANSWERS = [
    { fault: 'a 5XX after acceptance', faults: { acceptThenFailRate: 0.5 }, lostStat: 'acceptedThenFailed' },
    { fault: 'an acceptance answered after the client gave up', faults: { slowAcceptMs: 8_000, slowAcceptRate: 0.6 }, lostStat: 'acceptedSlowly' },
  ] as const;
  for (const { fault, faults, lostStat } of LOST_ANSWERS) {
    for (const seed of [1, 2, 3]) {
      it(`${fault} is recovered from the callback: nothing bought twice, nothing lost (seed ${seed})`, async () => {
        runtime.simulator.setFaults({ ...faults, seed });
        const lostBefore = runtime.simulator.stats()[lostStat];
        const faulty = await run();
        runtime.simulator.setFaults({});
        const lost = runtime.simulator.stats()[lostStat] - lostBefore;
        expect(lost).toBeGreaterThan(0);
        expect(faulty.run.job.status).toBe('COMPLETED');
        expect(faulty.billed).toBe(baseline.billed);
        expect(faulty.output).toEqual(baseline.output);
        // The summary says what the vendor charged, and how the lost acceptances were recovered.
        expect(leadspaceSummary(faulty)).toMatchObject({ recordsBilled: faulty.billed, roundsRecovered: lost, roundsResent: 0 });
      });
    }
  }
});
