import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { VENDORS } from '../../core/plan';
import { decideTokenReminder } from '../../core/tokenRotation';
import type { ApiPorts } from '../ports';
import { problem } from '../problem';
import { TokenStatusListSchema, type TokenStatusList } from '../tokenSchemas';
import { jsonResponse, problemResponses } from './responses';

const tokensRoute = createRoute({
  method: 'get',
  path: '/tokens',
  summary: "Vendor credentials' ages and rotation dates (operator key only)",
  description: 'What `leadflow secrets status` shows: the metadata of each vendor secret, never its value. Read-only.',
  responses: {
    200: jsonResponse(TokenStatusListSchema, 'One entry per vendor'),
    ...problemResponses({ 403: 'Only the operator key sees the vendor credentials' }),
  },
});

/** GET /tokens, from the same rule `leadflow secrets status` and the daily reminder apply (lambdas/core/tokenRotation.ts). */
export function registerTokens(app: OpenAPIHono, ports: ApiPorts): void {
  app.openapi(tokensRoute, async (c) => {
    if (!c.get('caller').operator) return problem(c, 403, 'Only the operator key may see the vendor credentials.');
    const now = ports.now();
    const tokens: TokenStatusList['tokens'] = [];
    for (const vendor of VENDORS) {
      let token: Awaited<ReturnType<NonNullable<ApiPorts['tokens']>['describe']>>;
      try {
        token = await ports.tokens?.describe(vendor);
      } catch (error) {
        // The error's name only: a message could quote the secret's name or ARN from the SDK.
        tokens.push({ vendor, configured: true, remindersSent: [], error: `The secret could not be described (${(error as Error).name})` });
        continue;
      }
      if (!token) {
        tokens.push({ vendor, configured: false, remindersSent: [] });
        continue;
      }
      const decision = decideTokenReminder({ lastChanged: token.lastChanged, now, version: token.version, record: token.record });
      tokens.push({
        vendor,
        configured: true,
        lastChanged: token.lastChanged.toISOString(),
        ageDays: decision.ageDays,
        rotateBy: decision.dueDate.toISOString(),
        daysLeft: decision.daysLeft,
        overdue: decision.daysLeft < 0,
        remindersSent: [...decision.record.sent],
      });
    }
    return c.json({ tokens }, 200);
  });
}
