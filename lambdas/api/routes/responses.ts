import { z } from '@hono/zod-openapi';
import { PROBLEM_MEDIA_TYPE, type ProblemStatus } from '../problem';
import { ProblemSchema } from '../schemas';

/** Route response declarations: the document is generated from them and handlers are typed against them. */

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const locationHeader = z.object({ Location: z.string().describe('The job: /jobs/{jobId}') });

const problemResponse = (description: string) => ({ description, content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } } });
type ProblemResponse = ReturnType<typeof problemResponse>;

/** Every route can refuse a request without a valid key, and fail. */
const ALWAYS = { 401: 'Missing or invalid API key', 500: 'Unexpected error; the request can be retried' } as const;

/** The problem responses of a route: its own, described, and those every route has. */
export function problemResponses<S extends ProblemStatus>(described: Record<S, string>): Record<S | keyof typeof ALWAYS, ProblemResponse> {
  const all: Record<string, string> = { ...ALWAYS, ...described };
  // fromEntries loses the key types; the keys are exactly those of `all`.
  return Object.fromEntries(Object.entries(all).map(([status, description]) => [status, problemResponse(description)])) as Record<
    S | keyof typeof ALWAYS,
    ProblemResponse
  >;
}
