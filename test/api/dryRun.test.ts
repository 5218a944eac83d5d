import { describe, expect, it } from 'vitest';
import { LeadFileError } from '../../lambdas/core/csv/leadFileError';
import { FAKE_ESTIMATE } from './fakes';
import { setup } from './client';

describe('POST /jobs with dryRun', () => {
  it('answers JSON leads with the estimate, and creates, starts and keeps nothing', async () => {
    const api = setup();
    const reply = await api.postJson('/jobs', { leads: [{ Email: 'ada@example.com' }], options: { plan: ['leadspace'] }, dryRun: true });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(FAKE_ESTIMATE);
    expect(api.jobs.size).toBe(0);
    expect(api.startCalls).toEqual([]);
    // The estimate read the leads as the job's CSV would hold them, and the file is gone after.
    expect(api.estimated).toHaveLength(1);
    expect(api.estimated[0]!.body).toContain('ada@example.com');
    expect(api.estimated[0]!.options).toEqual({ plan: ['leadspace'] });
    expect(api.removed).toEqual([api.estimated[0]!.inputKey]);
    expect(api.objects.size).toBe(0);
  });

  it('takes a CSV body with ?dryRun=true and its options from the Leadflow-Options header', async () => {
    const api = setup();
    const reply = await api.call('POST', '/jobs?dryRun=true', {
      type: 'text/csv',
      body: 'Email\nada@example.com\n',
      headers: { 'Leadflow-Options': JSON.stringify({ budget: { leadspace: 10 } }) },
    });
    expect(reply.status).toBe(200);
    expect(api.estimated[0]).toMatchObject({ body: 'Email\nada@example.com\n', options: { budget: { leadspace: 10 } } });
    expect(api.jobs.size).toBe(0);
  });

  it('ignores an Idempotency-Key: an estimate is no job to hand back', async () => {
    const api = setup();
    const body = { leads: [{ Email: 'ada@example.com' }] };
    const job = await api.postJson('/jobs', body, { 'Idempotency-Key': 'k1' });
    expect(job.status).toBe(202);
    const estimate = await api.postJson('/jobs', { ...body, dryRun: true }, { 'Idempotency-Key': 'k1' });
    expect(estimate.status).toBe(200);
    expect(estimate.body).toEqual(FAKE_ESTIMATE);
  });

  it('refuses a HeroBase search (400 naming the field): it has no file to read before its job', async () => {
    const api = setup();
    const reply = await api.postJson('/jobs', { options: { heroBaseSearch: { name: 'Leads', from: '2026-11-01' } }, dryRun: true });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([{ field: 'options.heroBaseSearch', message: 'not allowed with dryRun' }]);
    expect(api.estimated).toEqual([]);
  });

  it("answers a file intake cannot read with 400 and intake's own message, and still deletes the file", async () => {
    const api = setup();
    api.ports.estimates.estimate = async () => {
      throw new LeadFileError('The file is not UTF-8, Windows-1252 or UTF-16 text.');
    };
    const reply = await api.call('POST', '/jobs?dryRun=true', { type: 'text/csv', body: 'Email\nx\n' });
    expect(reply.status).toBe(400);
    expect(reply.type).toContain('application/problem+json');
    expect(reply.body.detail).toBe('The file is not UTF-8, Windows-1252 or UTF-16 text.');
    expect(reply.body.errors).toEqual([{ field: 'body', message: 'not a lead file Leadflow can read as mapped' }]);
    expect(api.removed).toHaveLength(1);
    expect(api.objects.size).toBe(0);
  });
});

describe('POST /jobs with a file of any format (application/octet-stream)', () => {
  const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

  it('stores the bytes as sent, named by Leadflow-File-Name, for the pipeline to read by its ending', async () => {
    const api = setup();
    const reply = await api.call('POST', '/jobs', {
      type: 'application/octet-stream',
      body: xlsx,
      headers: { 'Leadflow-File-Name': 'March Leads.XLSX', 'Leadflow-Options': JSON.stringify({ sheet: 'Leads' }) },
    });
    expect(reply.status).toBe(202);
    const [job] = [...api.jobs.values()];
    expect(job!.inputKey).toBe(`inputs/${job!.jobId}/input.xlsx`);
    expect(job!.options).toEqual({ sheet: 'Leads' });
    expect([...(api.objects.get(job!.inputKey)!.body as Uint8Array)]).toEqual([...xlsx]);
  });

  it('estimates it the same way (the estimate reads input.csv.gz as gzip)', async () => {
    const api = setup();
    const reply = await api.call('POST', '/jobs?dryRun=true', {
      type: 'application/octet-stream',
      body: xlsx,
      headers: { 'Leadflow-File-Name': 'leads.csv.gz' },
    });
    expect(reply.status).toBe(200);
    expect(api.estimated[0]!.inputKey).toMatch(/^estimates\/[^/]+\/input\.csv\.gz$/);
  });

  it('refuses a file without a name Leadflow reads (400 naming the header)', async () => {
    const api = setup();
    for (const headers of [{}, { 'Leadflow-File-Name': 'leads.pdf' }] as Record<string, string>[]) {
      const reply = await api.call('POST', '/jobs', { type: 'application/octet-stream', body: xlsx, headers });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([{ field: 'Leadflow-File-Name', message: expect.stringContaining('.xlsx') }]);
    }
    expect(api.jobs.size).toBe(0);
  });
});
