/*
 * What the vendor and job metrics put in CloudWatch (EMF documents on stdout): names and dimensions the alarms
 * read, and nothing about leads.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

type Emf = { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> }; [key: string]: unknown };

let metrics: typeof import('../../lambdas/aws/metrics');
let transport: typeof import('../../lambdas/vendors/transport');
const written: string[] = [];

beforeAll(async () => {
  // Off for the rest of the suite (vitest.config.ts); this file checks what would be published.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  // Unit test files share a process (vitest.config.ts): a copy loaded by another file read the variable already.
  vi.resetModules();
  metrics = await import('../../lambdas/aws/metrics');
  transport = await import('../../lambdas/vendors/transport');
  metrics.countVendorCalls();
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  // The files after this one load their own copies, with metrics off.
  vi.resetModules();
});

afterEach(() => {
  written.length = 0;
});

const documents = (): Emf[] =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);

async function callVendor(status: number | 'network'): Promise<void> {
  const options = transport.transportOptions(
    { id: 'leadspace', name: 'Leadspace' },
    {
      retry: { maxAttempts: 1 },
      fetchImpl: async () => {
        if (status === 'network') throw new TypeError('fetch failed');
        return new Response('{"secret":"ada@example.com"}', { status });
      },
    },
  );
  await transport
    .sendWithRetry('https://vendor.example/bulk?email=ada@example.com', { method: 'POST', body: 'ada@example.com' }, options, 'test')
    .catch(() => undefined);
}

describe('vendor call metrics', () => {
  it.each([
    [200, { VendorRequests: 1, VendorUnauthorized: 0, VendorOutOfCredits: 0, VendorServerErrors: 0 }],
    [401, { VendorRequests: 1, VendorUnauthorized: 1, VendorOutOfCredits: 0, VendorServerErrors: 0 }],
    [427, { VendorRequests: 1, VendorUnauthorized: 0, VendorOutOfCredits: 1, VendorServerErrors: 0 }],
    [503, { VendorRequests: 1, VendorUnauthorized: 0, VendorOutOfCredits: 0, VendorServerErrors: 1 }],
    ['network', { VendorRequests: 1, VendorUnauthorized: 0, VendorOutOfCredits: 0, VendorServerErrors: 1 }],
  ] as const)('counts a %s answer under the vendor, with its latency', async (status, counts) => {
    await callVendor(status);
    const [doc] = documents();
    expect(doc).toMatchObject({ Vendor: 'leadspace', ...counts, VendorLatency: expect.any(Number) });
    expect(doc!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Leadflow', Dimensions: [['service', 'Vendor']] });
    expect(written.join('')).not.toContain('ada@example.com');
  });
});

describe('job and callback metrics', () => {
  it('counts a job by status, its rows, and refused callbacks by vendor', () => {
    metrics.countJobEnded('PARTIAL', 1_200);
    metrics.countCallbackRejected('leadgenius');
    const docs = documents();
    expect(docs).toEqual([
      expect.objectContaining({ Status: 'PARTIAL', JobsEnded: 1 }),
      expect.objectContaining({ RowsProcessed: 1_200 }),
      expect.objectContaining({ Vendor: 'leadgenius', CallbackRejected: 1 }),
    ]);
  });
});
