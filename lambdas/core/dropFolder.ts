import { JobOptionsSchema, type JobOptions } from './jobOptions';
import { inputFormatOf } from './input/inputFormat';
import { webhookTargetProblem, type WebhookTargetRules } from './webhook/deliver';

/** Where a job's input can be: a body posted to the API (or a local run), a presigned upload, the drop folder. */
export const INPUTS_PREFIX = 'inputs/';
/** Files the job API estimates (POST /jobs?dryRun=true): put, read by the estimate function, then deleted. */
export const ESTIMATES_PREFIX = 'estimates/';
export const INBOX_PREFIX = 'inbox/';
export const UPLOADS_PREFIX = 'uploads/';
/** Options travel with a dropped file as a sidecar uploaded first: `inbox/leads.csv` + `inbox/leads.csv.options.json`. */
export const SIDECAR_SUFFIX = '.options.json';

export type DroppedObject = { kind: 'ignore' } | { kind: 'upload'; jobId: string } | { kind: 'inbox'; fileName: string; supported: boolean };

/** What an object key under the watched prefixes means. S3 event keys arrive URL-encoded, spaces as '+'. */
export function classifyKey(rawKey: string): { key: string; object: DroppedObject } {
  const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  if (key.startsWith(UPLOADS_PREFIX)) {
    const jobId = key.slice(UPLOADS_PREFIX.length).split('/')[0];
    return { key, object: jobId ? { kind: 'upload', jobId } : { kind: 'ignore' } };
  }
  if (key.startsWith(INBOX_PREFIX) && !key.endsWith('/') && !key.endsWith(SIDECAR_SUFFIX)) {
    const fileName = key.slice(key.lastIndexOf('/') + 1);
    return { key, object: { kind: 'inbox', fileName, supported: inputFormatOf(fileName) !== undefined } };
  }
  return { key, object: { kind: 'ignore' } };
}

/**
 * Parses a sidecar's text; the error names the offending field, never a value. Its webhook URL is held to the
 * same rules as one given at POST /jobs (a sidecar is the same choice made another way), so the job fails at
 * once rather than at the end, and its row never keeps a URL the API would have refused.
 */
export function parseSidecar(text: string | undefined, webhooks: WebhookTargetRules): { ok: true; options: JobOptions } | { ok: false; reason: string } {
  let raw: unknown = {};
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, reason: `The options sidecar (${SIDECAR_SUFFIX}) is not valid JSON.` };
    }
  }
  const parsed = JobOptionsSchema.safeParse(raw);
  // The dropped file is the input: a HeroBase search as well would replace it.
  if (parsed.success && parsed.data.heroBaseSearch)
    return { ok: false, reason: 'The options sidecar has invalid field(s): heroBaseSearch (not allowed with a dropped file).' };
  // The rule broken, never the URL: it can carry a token or credentials, and the reason is shown in the job view.
  const webhook = parsed.success && parsed.data.webhookUrl !== undefined && webhookTargetProblem(parsed.data.webhookUrl, webhooks);
  if (webhook) return { ok: false, reason: `The options sidecar has invalid field(s): webhookUrl (${webhook}).` };
  if (parsed.success) return { ok: true, options: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
  return { ok: false, reason: `The options sidecar has invalid field(s): ${fields}.` };
}
