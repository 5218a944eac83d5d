import { describe, expect, it } from 'vitest';
import { handle } from 'hono/aws-lambda';
import iconv from 'iconv-lite';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createApiApp } from '../../lambdas/api/app';
import { fakePorts } from './fakes';

describe('the job API behind API Gateway (REST proxy events)', () => {
  it('stores a Windows-1252 CSV body, delivered as binary, byte for byte', async () => {
    const fake = fakePorts();
    const handler = handle(createApiApp(fake.ports));
    const bytes = iconv.encode('First Name,Last Name,Company\r\nSøren,Jürgen,Zoë AG\r\n', 'windows-1252');
    const event = {
      httpMethod: 'POST',
      path: '/jobs',
      resource: '/jobs',
      headers: { 'content-type': 'text/csv' },
      multiValueHeaders: { 'content-type': ['text/csv'] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      requestContext: { path: '/v1/jobs', stage: 'v1', httpMethod: 'POST', identity: { apiKeyId: 'a1b2c3d4e5' } },
    } as unknown as APIGatewayProxyEvent;
    const response = (await handler(event as never, {} as never)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(202);
    const jobId = JSON.parse(response.body).jobId as string;
    const stored = fake.objects.get(`inputs/${jobId}/input.csv`)!.body as Uint8Array;
    expect(Buffer.from(stored).equals(bytes)).toBe(true);
    // The job belongs to the key API Gateway checked.
    expect(fake.jobs.get(jobId)!.owner).toBe('a1b2c3d4e5');
  });
});
