import { afterEach } from 'vitest';
import { LeadGeniusClient, type LeadGeniusClientOptions } from '../../lambdas/vendors/leadgenius';
import { startLeadGeniusSimulator, type LeadGeniusSimulator, type LeadGeniusSimulatorOptions } from '../../local/simulators/leadgenius';

/** The API key the simulators of the LeadGenius vendor tests accept. */
export const KEY = 'lg-test-key';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A clock the test moves by hand; the simulator's limit windows run on it. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** A simulator on loopback, closed after the test. */
export async function simulator(options: Partial<LeadGeniusSimulatorOptions> = {}): Promise<LeadGeniusSimulator> {
  const sim = await startLeadGeniusSimulator({ apiKeys: [KEY], processingDelayMs: 10, webhooks: { retryDelayMs: 5 }, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

export function clientFor(sim: LeadGeniusSimulator, overrides: Partial<LeadGeniusClientOptions> = {}): LeadGeniusClient {
  return new LeadGeniusClient({ baseUrl: sim.url, apiKey: KEY, retry: { baseDelayMs: 1, maxAttempts: 4 }, ...overrides });
}

/** Runs `cleanup` after the current test, with the simulators. */
export function afterThisTest(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}
