import type { Context } from 'hono';
import type { z } from 'zod';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface FieldError {
  /** a dotted path into the body (`options.webhookUrl`, `leads.3`) or a parameter or header name */
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

/*
 * The slugs are part of the contract: lib/public-api.ts answers API Gateway's own refusals (missing key,
 * unknown route, oversize body) with the same types, so a client sees one error format whoever refused.
 */
const KINDS = {
  400: { slug: 'invalid-request', title: 'Invalid request' },
  401: { slug: 'unauthorized', title: 'Missing or invalid API key' },
  403: { slug: 'forbidden', title: 'Not allowed for this key' },
  404: { slug: 'not-found', title: 'Not found' },
  409: { slug: 'conflict', title: 'Conflict with the job state' },
  413: { slug: 'payload-too-large', title: 'Request body too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  500: { slug: 'internal-error', title: 'Internal error' },
} as const;

export type ProblemStatus = keyof typeof KINDS;

export const problemType = (status: ProblemStatus): string => `https://leadflow.dev/problems/${KINDS[status].slug}`;

export function problemOf(status: ProblemStatus, detail: string, errors?: readonly FieldError[]): Problem {
  return {
    type: problemType(status),
    title: KINDS[status].title,
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
}

/** A problem+json response, typed like a declared response so route handlers can return it as it is. */
export function problem<S extends ProblemStatus>(c: Context, status: S, detail: string, errors?: readonly FieldError[]) {
  return c.json(problemOf(status, detail, errors), status, { 'Content-Type': PROBLEM_MEDIA_TYPE });
}

type Issue = z.core.$ZodIssue;

/**
 * Zod issues as field errors: `options.webhookUrl` for a body field, the parameter's name for query, path and
 * header input (their issue paths start with it), optionally under a prefix (`Leadflow-Options.plan.0`).
 */
export function fieldErrors(issues: readonly Issue[], prefix?: string): FieldError[] {
  return issues.flatMap((issue) => {
    const at = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || 'body';
    // An unknown key is named as the field it is, one error each; its value is never looked at.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: at([...issue.path, key]), message: 'is not a known field' }));
    return [{ field: at(issue.path), message: safeMessage(issue) }];
  });
}

/**
 * Zod's messages state the rule ("Invalid URL", "Too small: expected array to have >=1 items"). The only part
 * that describes the input is a trailing "received <type>" clause: it names a type, not a value, but is dropped
 * anyway so a message can never grow to carry input; a missing field just says so.
 */
function safeMessage(issue: Issue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'required';
  return issue.message.replace(/,?\s*received\s.*$/is, '');
}
