import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Context as HonoContext } from 'hono';

/** The REST API (v1) proxy event API Gateway would hand the Lambda, built from a local request. */
export async function toApiGatewayEvent(c: HonoContext, resource: string): Promise<APIGatewayProxyEvent> {
  const url = new URL(c.req.url);
  const query = Object.fromEntries(url.searchParams.entries());
  const body = await c.req.text();
  return {
    resource,
    path: url.pathname,
    httpMethod: c.req.method,
    headers: Object.fromEntries(Object.entries(c.req.header())),
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: null,
    pathParameters: c.req.param() as Record<string, string>,
    stageVariables: null,
    body: body.length > 0 ? body : null,
    isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
  };
}
