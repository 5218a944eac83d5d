import { createApiApp, type ApiSettings } from '../../lambdas/api/app';
import { fakePorts } from './fakes';

/** Team A's key, which every call sends unless told otherwise; team B's; and the operator's, which sees all. */
export const API_KEY = 'unit-test-key-0123456789';
export const TEAM_B_KEY = 'unit-test-key-team-b-9876';
export const OPERATOR_KEY = 'unit-test-key-operator-5555';
export const TEST_KEYS = [
  { id: 'team-a', key: API_KEY },
  { id: 'team-b', key: TEAM_B_KEY },
  { id: 'ops', key: OPERATOR_KEY, operator: true },
];

export interface CallInit {
  body?: RequestInit['body'];
  /** Content-Type */
  type?: string;
  headers?: Record<string, string>;
  /** leave the x-api-key header out */
  anonymous?: boolean;
  /** send this key instead of team A's */
  key?: string;
}

export interface Reply {
  status: number;
  type: string;
  headers: Headers;
  /** the parsed JSON body ({} when there is none) */
  body: Record<string, unknown>;
  text: string;
}

/** The fields a problem's errors name. */
export const fieldsOf = (reply: Reply): string[] => ((reply.body.errors ?? []) as { field: string }[]).map((e) => e.field);

/** The job id of a created job. */
export const jobIdOf = (reply: Reply): string => {
  if (typeof reply.body.jobId !== 'string') throw new Error(`no job id in a ${reply.status} reply: ${reply.text}`);
  return reply.body.jobId;
};

/** The app on fresh fake ports, with the API keys required, and a caller that sends one. */
export function setup(settings: ApiSettings = {}) {
  const fake = fakePorts();
  const app = createApiApp(fake.ports, { auth: { kind: 'keys', keys: TEST_KEYS }, ...settings });
  const call = async (method: string, path: string, init: CallInit = {}): Promise<Reply> => {
    const headers: Record<string, string> = {
      ...(init.anonymous ? {} : { 'x-api-key': init.key ?? API_KEY }),
      ...(init.type && { 'content-type': init.type }),
      ...init.headers,
    };
    // A streamed body needs duplex 'half' (the Fetch standard), which Node's RequestInit type does not list yet.
    const request: RequestInit & { duplex?: 'half' } = { method, body: init.body, headers, ...(init.body instanceof ReadableStream && { duplex: 'half' }) };
    const response = await app.request(path, request);
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      type,
      headers: response.headers,
      body: text && type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : {},
      text,
    };
  };
  const postJson = (path: string, body: unknown, headers?: Record<string, string>, key?: string) =>
    call('POST', path, { type: 'application/json', body: JSON.stringify(body), headers, key });
  return { ...fake, app, call, postJson };
}
