import type { FollowUp } from '../../lambdas/core/jobIds';

/** The job API `leadflow serve` runs by default; a deployment's is its JobApiUrl output. */
export const DEFAULT_API_URL = 'http://127.0.0.1:8787';

/**
 * `leadflow resume|reprocess <jobId>`: asks a running job API (`leadflow serve`, or a deployment) to start the
 * follow-up. The local emulators live only as long as their process, so a job is followed up where it ran.
 * Exit 0 when started, 1 when the API refused (the reason is printed), 2 without an API key.
 */
export async function followUpCommand(
  kind: FollowUp,
  jobId: string,
  options: { apiUrl: string; apiKey: string | undefined; fetchImpl?: typeof fetch },
  out: NodeJS.WritableStream,
): Promise<number> {
  if (!options.apiKey) {
    out.write("leadflow: set LEADFLOW_API_KEY to the job API's key (leadflow serve prints it; on AWS: the ApiKeyId output)\n");
    return 2;
  }
  const url = `${options.apiUrl.replace(/\/+$/, '')}/jobs/${encodeURIComponent(jobId)}/${kind}`;
  const response = await (options.fetchImpl ?? fetch)(url, { method: 'POST', headers: { 'x-api-key': options.apiKey } });
  const body = (await response.json().catch(() => ({}))) as { status?: string; detail?: string; title?: string };
  if (response.status === 202) {
    out.write(`Job ${jobId}: ${kind} started (${body.status ?? 'RUNNING'}); follow it with GET /jobs/${jobId}\n`);
    return 0;
  }
  out.write(`leadflow: the job API refused the ${kind} (HTTP ${response.status}): ${body.detail ?? body.title ?? 'no reason given'}\n`);
  return 1;
}
