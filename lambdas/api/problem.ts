import type { Context } from 'hono';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details. `detail` and `errors` name fields and rules, never submitted values. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid-request', 'Invalid request'],
  401: ['unauthorized', 'Missing or invalid API key'],
  404: ['not-found', 'Not found'],
  409: ['conflict', 'Conflict with the job state'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  500: ['internal-error', 'Internal error'],
};

export function problemOf(status: number, detail: string, errors?: FieldError[]): Problem {
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
  return { type: `https://leadflow.dev/problems/${slug}`, title, status, detail, ...(errors && errors.length > 0 ? { errors } : {}) };
}

export function problem(c: Context, status: number, detail: string, errors?: FieldError[]): Response {
  return c.body(JSON.stringify(problemOf(status, detail, errors)), status as 400, { 'content-type': 'application/problem+json' });
}

/** Zod issues as field errors: `options.webhookUrl`, or the parameter's name for query and header input. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix?: string): FieldError[] {
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || 'body',
    // Zod messages describe the rule ("Invalid URL"), but "received" clauses could echo input: drop them.
    message: issue.message.replace(/,? ?received .*/i, ''),
  }));
}
