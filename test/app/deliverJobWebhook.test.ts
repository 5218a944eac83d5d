import { describe, expect, it } from 'vitest';
import { deliverJobWebhook, type DeliverJobWebhookPorts } from '../../lambdas/app/deliverJobWebhook';
import type { WebhookDelivery, WebhookDeliveryResult } from '../../lambdas/core/webhook/deliver';
import type { JobRecord } from '../../lambdas/core/job';
import { memoryLog } from './fakes';

const EVENT = { id: 'evt-1', time: '2026-12-01T10:00:00Z', detail: { jobId: 'job-1', status: 'COMPLETED', rows: 3 } };

function setup(webhookUrl: string | undefined, result: WebhookDeliveryResult) {
  const deliveries: WebhookDelivery[] = [];
  const log = memoryLog();
  const job = { jobId: 'job-1', options: webhookUrl ? { webhookUrl } : {} } as JobRecord;
  const ports: DeliverJobWebhookPorts = {
    jobs: { get: async () => job },
    signingSecret: async () => 'whsec-test',
    deliver: async (delivery) => {
      deliveries.push(delivery);
      return result;
    },
    allowPrivateHosts: false,
    now: () => new Date('2026-12-01T10:00:01Z'),
    log: log.log,
  };
  return { run: () => deliverJobWebhook(ports, EVENT), deliveries, lines: log.lines };
}

describe('the job-completed webhook', () => {
  it('sends nothing for a job without a webhook', async () => {
    const { run, deliveries } = setup(undefined, { delivered: true, attempts: 1 });
    await run();
    expect(deliveries).toEqual([]);
  });

  it('signs the event as the body, with the event id as the delivery id, and logs the host only', async () => {
    const { run, deliveries, lines } = setup('https://hooks.example/x?token=s3cr3t', { delivered: true, attempts: 1, lastStatus: 204 });
    await run();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ deliveryId: 'evt-1', secret: 'whsec-test', allowPrivateHosts: false });
    expect(JSON.parse(deliveries[0]!.body)).toEqual({ type: 'job.completed', id: 'evt-1', createdAt: EVENT.time, data: EVENT.detail });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', fields: expect.objectContaining({ host: 'hooks.example', delivered: true }) })]);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
  });

  it('throws when every attempt failed, so Lambda retries and then dead-letters the event', async () => {
    const { run } = setup('https://hooks.example/x', { delivered: false, attempts: 3, lastStatus: 503 });
    await expect(run()).rejects.toMatchObject({ name: 'WebhookNotDelivered' });
  });

  it('does not throw for a refused URL (no retries for a host that resolves to a private address)', async () => {
    const { run, lines } = setup('https://rebind.example/x', { delivered: false, attempts: 0, refused: 'private-host' });
    await run();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'Webhook refused', fields: expect.objectContaining({ reason: 'private-host' }) }),
    ]);
  });
});
