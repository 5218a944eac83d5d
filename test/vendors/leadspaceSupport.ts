import { readLeadspaceResults, type LeadspaceClient, type LeadspaceResultsState } from '../../lambdas/vendors/leadspace';

/** Polls a bulk until the simulator has its results (or the test has waited long enough), and reads them. */
export async function pollUntilDone(client: LeadspaceClient, pollingPath: string, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state: LeadspaceResultsState = await client.getResults(pollingPath);
    if (state.state === 'done') return { ...readLeadspaceResults(state.body), body: state.body };
    if (state.state === 'not_found') throw new Error('bulk not found');
    if (Date.now() > deadline) throw new Error('bulk not done in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
