import { readLeadspaceResults, type LeadspaceClient, type LeadspaceResultsState } from '../../lambdas/vendors/leadspace';

/**
 * Polls a bulk until the simulator has its results, and reads them. The bound only turns a hang into a clear
 * failure: it is far beyond any processing delay the tests set, so a slow machine only waits longer.
 */
export async function pollUntilDone(client: LeadspaceClient, pollingPath: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state: LeadspaceResultsState = await client.getResults(pollingPath);
    if (state.state === 'done') return { ...readLeadspaceResults(state.body), body: state.body };
    if (state.state === 'not_found') throw new Error('bulk not found');
    if (Date.now() > deadline) throw new Error('bulk not done in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
