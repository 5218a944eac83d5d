import { describe, expect, it } from 'vitest';
import { fieldsOf, jobIdOf, setup } from './client';

describe('POST /uploads', () => {
  it('records a job waiting for its file and returns a presigned POST valid 15 minutes, capped at the input limit', async () => {
    const { postJson, jobs, presigned, startCalls, puts, now } = setup();
    const reply = await postJson('/uploads', { fileName: 'Q4 leads.csv', options: { webhookUrl: 'https://hooks.example/x' } });

    expect(reply.status).toBe(201);
    const jobId = jobIdOf(reply);
    const inputKey = `uploads/${jobId}/Q4 leads.csv`;
    expect(reply.body).toEqual({
      jobId,
      upload: {
        url: 'https://bucket.s3.example/',
        method: 'POST',
        fields: { key: inputKey, 'Content-Type': 'text/csv', Policy: 'eyJ9', 'X-Amz-Signature': 'post' },
        maxBytes: 1024 ** 3,
        expiresAt: new Date(now().getTime() + 15 * 60_000).toISOString(),
      },
      links: { self: `/jobs/${jobId}`, results: `/jobs/${jobId}/results` },
    });
    expect(reply.headers.get('location')).toBe(`/jobs/${jobId}`);
    expect(presigned).toEqual([{ method: 'POST', key: inputKey, detail: `text/csv ≤ ${1024 ** 3}`, expiresInSeconds: 900 }]);
    expect(jobs.get(jobId)).toMatchObject({
      status: 'AWAITING_UPLOAD',
      source: 'upload',
      fileName: 'Q4 leads.csv',
      inputKey,
      options: { webhookUrl: 'https://hooks.example/x' },
    });
    // The job starts when the object lands, not now.
    expect([startCalls, puts]).toEqual([[], []]);
  });

  it.each([
    ['leads.csv.gz', 'application/gzip'],
    ['LEADS.JSON', 'application/json'],
    ['leads.jsonl', 'application/x-ndjson'],
  ])('signs %s for %s unless told otherwise', async (fileName, contentType) => {
    const { postJson } = setup();
    expect((await postJson('/uploads', { fileName })).body.upload).toMatchObject({ fields: { 'Content-Type': contentType } });
    expect((await postJson('/uploads', { fileName, contentType: 'application/octet-stream' })).body.upload).toMatchObject({
      fields: { 'Content-Type': 'application/octet-stream' },
    });
  });

  it('keeps only the last path segment of the file name', async () => {
    const { postJson, jobs } = setup();
    for (const fileName of ['../../etc/Q4 leads.csv', 'C:\\Users\\ada\\Q4 leads.csv', '/Q4 leads.csv']) {
      const jobId = jobIdOf(await postJson('/uploads', { fileName }));
      expect(jobs.get(jobId)).toMatchObject({ fileName: 'Q4 leads.csv', inputKey: `uploads/${jobId}/Q4 leads.csv` });
    }
  });

  it.each([
    [{ fileName: 'leads.xls' }, 'fileName'],
    [{ fileName: 'leads.csv/' }, 'fileName'],
    [{ fileName: '' }, 'fileName'],
    [{ fileName: `${'x'.repeat(197)}.csv` }, 'fileName'],
    [{ fileName: 'lea\nds.csv' }, 'fileName'],
    [{}, 'fileName'],
    [{ fileName: 'a.csv', contentType: 'text csv' }, 'contentType'],
    [{ fileName: 'a.csv', options: { webhookUrl: 'ftp://hooks.example' } }, 'options.webhookUrl'],
    [{ fileName: 'a.csv', size: 3 }, 'size'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const { postJson, jobs } = setup();
    const reply = await postJson('/uploads', body);
    expect(reply.status).toBe(400);
    expect(reply.type).toBe('application/problem+json');
    expect(fieldsOf(reply)).toContain(field);
    expect(jobs.size).toBe(0);
  });

  it('answers 400 for a missing or malformed body and 415 for another media type', async () => {
    const { call } = setup();
    expect(fieldsOf(await call('POST', '/uploads'))).toEqual(['fileName']);
    expect(fieldsOf(await call('POST', '/uploads', { type: 'application/json', body: '{"fileName":' }))).toEqual(['body']);
    expect((await call('POST', '/uploads', { type: 'text/csv', body: 'a\n1\n' })).status).toBe(415);
  });
  it('refuses a HeroBase search with an upload (the file is the input), naming the field', async () => {
    const { postJson, jobs } = setup();
    const reply = await postJson('/uploads', { fileName: 'leads.csv', options: { heroBaseSearch: { name: 'All leads', from: '2026-01-01' } } });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['options.heroBaseSearch']);
    expect(jobs.size).toBe(0);
  });
});
