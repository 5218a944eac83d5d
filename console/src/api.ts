import type { Problem } from '../../lambdas/api/problem';

/*
 * The job API, called from the page it serves: same origin, relative to where the console is mounted (/console
 * locally, /<stage>/console on API Gateway). Every call carries the key the user entered, kept in sessionStorage:
 * gone when the browser session ends, never in localStorage, a cookie or a URL.
 */

const KEY_ITEM = 'leadflow.apiKey';

export const apiKey = {
  get: (): string | undefined => sessionStorage.getItem(KEY_ITEM) ?? undefined,
  set: (key: string): void => sessionStorage.setItem(KEY_ITEM, key),
  clear: (): void => sessionStorage.removeItem(KEY_ITEM),
};

/** The API's base path: the console's own path without its last segment. */
export const apiBase = (): string => location.pathname.replace(/\/console\/?$/, '');

/** A refused call: the status, the problem's detail and the names of the fields it names (never values). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fields: string[],
  ) {
    super(detail);
  }

  /** For the user: status, detail and fields. */
  describe(): string {
    const prefix = this.status === 401 ? 'The API key was refused (401)' : `The request was refused (${this.status})`;
    return `${prefix}: ${this.detail}${this.fields.length > 0 ? ` Fields: ${this.fields.join(', ')}.` : ''}`;
  }
}

export interface CallOptions {
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const key = apiKey.get();
  if (key !== undefined) headers['x-api-key'] = key;
  let response: Response;
  try {
    response = await fetch(`${apiBase()}${path}`, { method: options.method ?? 'GET', headers, body: options.body, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'The job API could not be reached.', []);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = {};
  }
  if (!response.ok) {
    // problem+json: its detail and the fields it names; a value submitted is never part of either.
    const problem = body as Partial<Problem>;
    const detail = typeof problem.detail === 'string' ? problem.detail : (problem.title ?? response.statusText);
    throw new ApiError(
      response.status,
      detail,
      (problem.errors ?? []).map((e) => e.field),
    );
  }
  return { status: response.status, body: body as T };
}

export const describeError = (error: unknown): string =>
  error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : 'Something went wrong.';
