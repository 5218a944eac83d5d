import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startServer, type Server } from '../../local/serve';
import { followUpCommand } from '../../local/cli/followUp';
import { s3Client } from '../../lambdas/aws/clients';
import { verifyWebhook, LEADFLOW_SIGNATURE_HEADER } from '../../lambdas/core/webhook/signature';
import { statusColumnName } from '../../lambdas/core/output';
import { readCsv, tempDir, writeLeadFile } from './support';

const API_KEY = 'test-api-key-0123456789';
const TEAM_KEYS = { sales: 'sales-team-key-0123456789', marketing: 'marketing-key-0123456789' };
let server: Server;
let dir: string;
let inbox: string;
let receiver: HttpServer;
const webhooks: { body: string; signature: string }[] = [];

beforeAll(async () => {
  dir = tempDir();
  inbox = join(dir, 'inbox');
  const teamKeys = Object.entries(TEAM_KEYS).map(([id, key]) => ({ id, key }));
  server = await startServer({ inboxDir: inbox, apiKey: API_KEY, teamKeys, simulator: { processingDelayMs: 50 } });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      webhooks.push({ body, signature: String(req.headers[LEADFLOW_SIGNATURE_HEADER]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await server?.close();
  receiver?.close();
});

async function api(method: string, path: string, init: { body?: string | Buffer; type?: string; headers?: Record<string, string>; key?: string | null } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.key !== null) headers['x-api-key'] = init.key ?? API_KEY;
  if (init.type) headers['content-type'] = init.type;
  const response = await fetch(`${server.url}${path}`, { method, headers, body: init.body });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', json: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** Uploads `body` as a browser would, to the presigned POST a POST /uploads answered with. */
function uploadForm(upload: { url: string; fields: Record<string, string> }, body: Buffer | string, fileName = 'leads.csv'): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  // S3 reads the fields before the file: the file goes last.
  form.append('file', new Blob([body]), fileName);
  return fetch(upload.url, { method: 'POST', body: form });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const ENDED = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];
const ended = (jobId: string) =>
  until(async () => {
    const { json } = await api('GET', `/jobs/${jobId}`);
    return ENDED.includes(json.status) ? json : undefined;
  }, `job ${jobId} to end`);

async function s3Has(key: string): Promise<boolean> {
  try {
    await s3Client().send(new HeadObjectCommand({ Bucket: server.runtime.deployment.environment.DATA_BUCKET!, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function enrichedRows(jobId: string): Promise<string[][]> {
  const results = await api('GET', `/jobs/${jobId}/results`);
  expect(results.status).toBe(200);
  const csv = await (await fetch(results.json.files.enrichedCsv)).text();
  return parse(csv, { bom: true }) as string[][];
}

describe('leadflow serve: the job API over HTTP', () => {
  it('refuses requests without the API key (401, problem+json)', async () => {
    const response = await api('GET', '/jobs', { key: null });
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/problem+json');
    expect((await api('GET', '/jobs', { key: 'wrong' })).status).toBe(401);
  });

  it('creates a job from JSON leads, runs it, serves the results and calls the signed webhook', async () => {
    const leads = Array.from({ length: 20 }, (_, i) => ({
      'First Name': `Ada${String.fromCharCode(97 + i)}`,
      'Last Name': 'Lovelace',
      Company: 'Analytical Engines',
      Website: 'https://www.analytical.example',
    }));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const created = await api('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads, options: { webhookUrl: receiverUrl } }) });
    expect(created.status).toBe(202);
    const job = await ended(created.json.jobId);
    expect(job.status).toBe('COMPLETED');
    const rows = await enrichedRows(job.jobId);
    expect(rows).toHaveLength(21);
    expect(rows[0]!.slice(0, 4)).toEqual(['First Name', 'Last Name', 'Company', 'Website']);

    const delivered = await until(async () => webhooks.find((w) => w.body.includes(job.jobId)), 'the webhook');
    expect(verifyWebhook(server.runtime.webhookSigningKey, delivered.body, delivered.signature, Date.now() / 1000)).toBe(true);
    expect(JSON.parse(delivered.body).data).toMatchObject({ jobId: job.jobId, status: 'COMPLETED' });
    expect(delivered.body).not.toContain('Lovelace');
    const event = server.runtime.events.find((e) => (e.detail as { jobId: string }).jobId === job.jobId);
    expect(event?.['detail-type']).toBe('Leadflow Job Completed');
  });

  it('creates a job from a CSV body', async () => {
    const file = writeLeadFile(dir, 300, 31);
    const created = await api('POST', '/jobs', { type: 'text/csv', body: readFileSync(file) });
    expect(created.status).toBe(202);
    const job = await ended(created.json.jobId);
    expect(job.status).toBe('COMPLETED');
    expect(await enrichedRows(job.jobId)).toHaveLength(readCsv(file).length);
  });

  it('reprocesses an ended job from the CLI: its kept answers are read again, nothing is bought, the file is the same', async () => {
    const file = writeLeadFile(dir, 300, 32);
    const created = await api('POST', '/jobs', { type: 'text/csv', body: readFileSync(file) });
    const job = await ended(created.json.jobId);
    const before = await enrichedRows(job.jobId);
    const billed = server.runtime.simulator.stats().billedRecords;
    const printed: string[] = [];
    const out = { write: (text: string) => printed.push(text) } as unknown as NodeJS.WritableStream;
    expect(await followUpCommand('reprocess', job.jobId, { apiUrl: server.url, apiKey: API_KEY }, out)).toBe(0);
    expect(printed.join('')).toMatch(/reprocess started/);
    const again = await ended(job.jobId);
    expect(again.status).toBe('COMPLETED');
    expect(await enrichedRows(job.jobId)).toEqual(before);
    expect(server.runtime.simulator.stats().billedRecords).toBe(billed);
    // A completed job has nothing to resume: the API says why, the CLI exits 1.
    expect(await followUpCommand('resume', job.jobId, { apiUrl: server.url, apiKey: API_KEY }, out)).toBe(1);
    expect(printed.join('')).toMatch(/HTTP 409.*COMPLETED/);
    expect(await followUpCommand('resume', job.jobId, { apiUrl: server.url, apiKey: undefined }, out)).toBe(2);
  });

  it('creates a job from a presigned upload; it starts when the object lands', async () => {
    const file = writeLeadFile(dir, 250, 32);
    const created = await api('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: 'trade show.csv' }) });
    expect(created.status).toBe(201);
    expect((await api('GET', `/jobs/${created.json.jobId}`)).json.status).toBe('AWAITING_UPLOAD');
    const put = await uploadForm(created.json.upload, readFileSync(file));
    expect(put.status).toBe(204);
    const job = await ended(created.json.jobId);
    expect(job.status).toBe('COMPLETED');
    expect(await enrichedRows(job.jobId)).toHaveLength(readCsv(file).length);
  });

  it('holds an upload to its policy: no other key, content type or size, no edited policy; a second upload changes nothing', async () => {
    const file = writeLeadFile(dir, 40, 38);
    const created = await api('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: 'held.csv' }) });
    const upload = created.json.upload as { url: string; fields: Record<string, string>; maxBytes: number };
    expect(upload.maxBytes).toBe(1024 ** 3);
    const refusals: [string, Record<string, string>][] = [
      ['another key', { ...upload.fields, key: 'inbox/planted.csv' }],
      ['another content type', { ...upload.fields, 'Content-Type': 'text/html' }],
      [
        'an edited policy',
        { ...upload.fields, Policy: Buffer.from(JSON.stringify({ expiration: '2099-01-01T00:00:00Z', conditions: [] })).toString('base64') },
      ],
      ['a field the policy does not name', { ...upload.fields, 'x-amz-meta-note': 'hi' }],
    ];
    for (const [what, fields] of refusals) expect((await uploadForm({ url: upload.url, fields }, readFileSync(file))).status, what).toBe(403);
    expect((await uploadForm(upload, '')).status).toBe(400);
    expect((await api('GET', `/jobs/${created.json.jobId}`)).json.status).toBe('AWAITING_UPLOAD');
    expect(
      await s3Client()
        .send(new HeadObjectCommand({ Bucket: server.runtime.deployment.environment.DATA_BUCKET!, Key: 'inbox/planted.csv' }))
        .catch((e: Error) => e.name),
    ).toBe('NotFound');

    expect((await uploadForm(upload, readFileSync(file))).status).toBe(204);
    // Replaced at once through the same form (valid 15 minutes): the job reads the first upload only, or fails.
    const replacement = 'First Name,Last Name,Company,Email\nMallory,Evil,Evil Corp,mallory@evil.example\n';
    expect((await uploadForm(upload, replacement)).status).toBe(204);
    const job = await ended(created.json.jobId);
    if (job.status === 'FAILED') expect(job.error).toMatch(/replaced after the job started/);
    else expect(await enrichedRows(job.jobId)).toHaveLength(readCsv(file).length);
  });

  it('creates a job from an .xlsx workbook uploaded to its presigned URL, the sheet named in the options', async () => {
    const rows = readCsv(writeLeadFile(dir, 80, 37));
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Cover').addRow(['Q3 leads']);
    workbook.addWorksheet('Contacts').addRows(rows);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const created = await api('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: 'q3.xlsx', options: { sheet: 'Contacts' } }) });
    expect(created.status).toBe(201);
    const put = await uploadForm(created.json.upload, body, 'q3.xlsx');
    expect(put.status).toBe(204);
    const job = await ended(created.json.jobId);
    expect(job.status).toBe('COMPLETED');
    expect(job.intake).toMatchObject({ headerRecognized: true, preambleRows: 0 });
    expect(await enrichedRows(job.jobId)).toHaveLength(rows.length);
  });

  it('turns a file dropped in the inbox into a job, once even if S3 delivers the event twice', async () => {
    const file = writeLeadFile(dir, 200, 33);
    copyFileSync(file, join(inbox, 'dropped.csv'));
    const job = await until(async () => {
      const { json } = await api('GET', '/jobs?limit=100');
      return (json.jobs as { source: string; fileName?: string; jobId: string }[]).find((j) => j.source === 'inbox' && j.fileName === 'dropped.csv');
    }, 'the dropped file to become a job');
    expect((await ended(job.jobId)).status).toBe('COMPLETED');

    const bucket = server.runtime.deployment.environment.DATA_BUCKET!;
    const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: 'inbox/dropped.csv' }));
    const record = { s3: { bucket: { name: bucket }, object: { key: 'inbox/dropped.csv', eTag: head.ETag!.replaceAll('"', ''), size: 1 } } };
    await server.runtime.deliverS3Event({ Records: [record, record] } as never);
    const { json } = await api('GET', '/jobs?limit=100');
    expect((json.jobs as { fileName?: string }[]).filter((j) => j.fileName === 'dropped.csv')).toHaveLength(1);
  });

  it("takes an .xlsx workbook and Excel's tab-delimited .txt from the inbox", async () => {
    const rows = readCsv(writeLeadFile(dir, 60, 35));
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Leads').addRows(rows);
    await workbook.xlsx.writeFile(join(inbox, 'booth.xlsx'));
    writeFileSync(join(inbox, 'unicode-text.txt'), rows.map((row) => row.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\r\n'));
    for (const name of ['booth.xlsx', 'unicode-text.txt']) {
      const job = await until(async () => {
        const { json } = await api('GET', '/jobs?limit=100');
        return (json.jobs as { source: string; fileName?: string; jobId: string }[]).find((j) => j.source === 'inbox' && j.fileName === name);
      }, `${name} to become a job`);
      expect((await ended(job.jobId)).status, name).toBe('COMPLETED');
      expect(await enrichedRows(job.jobId), name).toHaveLength(rows.length);
    }
  });

  it('takes only regular files from the inbox: a symlink (to anywhere on this machine) or a folder is ignored', async () => {
    const outside = writeLeadFile(dir, 20, 38);
    symlinkSync(outside, join(inbox, 'linked.csv'));
    mkdirSync(join(inbox, 'folder.csv'));
    // A regular file dropped after them: once its job exists, the watcher has looked at all three.
    copyFileSync(writeLeadFile(dir, 20, 39), join(inbox, 'after-links.csv'));
    const jobs = await until(async () => {
      const { json } = await api('GET', '/jobs?limit=100');
      const list = json.jobs as { fileName?: string }[];
      return list.some((j) => j.fileName === 'after-links.csv') ? list : undefined;
    }, 'the regular file to become a job');
    expect(jobs.filter((j) => j.fileName === 'linked.csv' || j.fileName === 'folder.csv')).toEqual([]);
  });

  it('answers 413 to a callback body far larger than any vendor sends, without reading it', async () => {
    const reply = await fetch(`${process.env.CALLBACK_BASE_URL}/callbacks/leadspace/some-job/s1-b00001?round=1&exp=1&sig=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bulkId: 'x'.repeat(200_000) }),
    });
    expect(reply.status).toBe(413);
  });

  it('takes JSON Lines from the inbox with options from a sidecar dropped first', async () => {
    writeFileSync(join(inbox, 'crm.jsonl.options.json'), JSON.stringify({ columnMapping: { companyName: 'Org' } }));
    await until(async () => (await s3Has('inbox/crm.jsonl.options.json')) || undefined, 'the sidecar upload');
    const leads = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ first: `Grace${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26))}`, last: 'Hopper', Org: 'Navy Labs' }),
    );
    writeFileSync(join(inbox, 'crm.jsonl'), `${leads.join('\n')}\n`);
    const job = await until(async () => {
      const { json } = await api('GET', '/jobs?limit=100');
      return (json.jobs as { fileName?: string; jobId: string }[]).find((j) => j.fileName === 'crm.jsonl');
    }, 'the JSON Lines file to become a job');
    const done = await ended(job.jobId);
    expect(done.status).toBe('COMPLETED');
    expect(done.options.columnMapping).toEqual({ companyName: 'Org' });
    const rows = await enrichedRows(job.jobId);
    expect(rows).toHaveLength(31);
    const status = rows[0]!.indexOf('status');
    // Without the sidecar's mapping every row would be rejected for want of a company.
    expect(rows.slice(1).filter((r) => r[status]!.startsWith('rejected'))).toEqual([]);
  });

  it('ends a dropped file that is not a lead file as a FAILED job with a readable reason', async () => {
    writeFileSync(join(inbox, 'notes.pdf'), 'not leads');
    writeFileSync(join(inbox, 'broken.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]));
    for (const [name, reason] of [
      ['notes.pdf', /Unsupported file type/],
      ['broken.csv', /ZIP archive/],
    ] as const) {
      const job = await until(async () => {
        const { json } = await api('GET', '/jobs?status=FAILED');
        return (json.jobs as { fileName?: string; jobId: string; error?: string }[]).find((j) => j.fileName === name);
      }, `${name} to fail`);
      expect(job.error).toMatch(reason);
    }
  });

  it('cancels a running job: nothing more is bought, what the vendor accepted is collected, CANCELLED, every row kept', async () => {
    await server.runtime.replaceSimulator({ processingDelayMs: 4_000 });
    const leadGeniusBefore = server.runtime.leadGenius.stats().objectsAccepted;
    const file = writeLeadFile(dir, 1_500, 34);
    const created = await api('POST', '/jobs', { type: 'text/csv', body: readFileSync(file) });
    await until(async () => ((await api('GET', `/jobs/${created.json.jobId}`)).json.status === 'RUNNING' ? true : undefined), 'the job to run');
    const cancel = await api('DELETE', `/jobs/${created.json.jobId}`);
    expect(cancel.status).toBe(202);
    const job = await ended(created.json.jobId);
    const leadspace = server.runtime.simulator.stats();
    await server.runtime.replaceSimulator({ processingDelayMs: 50 });
    expect(job.status).toBe('CANCELLED');
    const rows = await enrichedRows(job.jobId);
    expect(rows).toHaveLength(readCsv(file).length);
    const status = rows[0]!.indexOf(statusColumnName(readCsv(file)[0]!));
    // Every record Leadspace billed came back into the file; rows it was never sent are "failed: cancelled".
    const answered = rows.slice(1).filter((r) => ['enriched', 'partially_enriched', 'not_found'].includes(r[status]!));
    expect(answered.length).toBeGreaterThanOrEqual(leadspace.billedRecords);
    for (const row of rows.slice(1)) expect(row[status]).toMatch(/^(enriched|partially_enriched|not_found|rejected: .+|failed: cancelled)$/);
    // No later step of the plan was bought after the cancellation.
    expect(server.runtime.leadGenius.stats().objectsAccepted).toBe(leadGeniusBefore);
    expect((await api('DELETE', `/jobs/${job.jobId}`)).status).toBe(409);
  });

  it('keeps each team to its own jobs on the real stores (index, cursor, results, cancel); the operator sees all', async () => {
    const leads = JSON.stringify({ leads: [{ 'First Name': 'Grace', 'Last Name': 'Hopper', Company: 'Navy', Website: 'navy.example' }] });
    const sales: string[] = [];
    for (let i = 0; i < 3; i += 1)
      sales.push((await api('POST', '/jobs', { type: 'application/json', body: leads, key: TEAM_KEYS.sales })).json.jobId as string);
    const marketing = (await api('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: 'm.csv' }), key: TEAM_KEYS.marketing })).json
      .jobId as string;
    const ended = await until(async () => {
      const { json } = await api('GET', `/jobs/${sales[0]}`, { key: TEAM_KEYS.sales });
      return ['COMPLETED', 'PARTIAL', 'FAILED'].includes(json.status as string) ? json : undefined;
    }, 'the sales job');
    expect(ended.owner).toBe('sales');

    const listed = async (key: string, path = '/jobs?limit=100') => ((await api('GET', path, { key })).json.jobs as { jobId: string }[]).map((j) => j.jobId);
    expect((await listed(TEAM_KEYS.sales)).sort()).toEqual([...sales].sort());
    expect(await listed(TEAM_KEYS.marketing)).toEqual([marketing]);
    expect(await listed(API_KEY)).toEqual(expect.arrayContaining([...sales, marketing]));
    // Paging the team's own index: its cursor pages its jobs, and is refused to another team.
    const first = await api('GET', '/jobs?limit=2', { key: TEAM_KEYS.sales });
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    expect(await listed(TEAM_KEYS.sales, `/jobs?limit=2&cursor=${cursor}`)).toHaveLength(1);
    expect((await api('GET', `/jobs?cursor=${cursor}`, { key: TEAM_KEYS.marketing })).status).toBe(400);
    expect((await api('GET', `/jobs?cursor=${cursor}`)).status).toBe(400);

    for (const [method, path] of [
      ['GET', `/jobs/${sales[0]}`],
      ['GET', `/jobs/${sales[0]}/results`],
      ['POST', `/jobs/${sales[0]}/reprocess`],
    ] as const) {
      expect((await api(method, path, { key: TEAM_KEYS.marketing })).status, path).toBe(404);
    }
    expect((await api('DELETE', `/jobs/${marketing}`, { key: TEAM_KEYS.sales })).status).toBe(404);
    expect((await api('GET', `/jobs/${marketing}`, { key: TEAM_KEYS.marketing })).json.status).toBe('AWAITING_UPLOAD');
    expect((await api('GET', `/jobs/${sales[0]}/results`, { key: TEAM_KEYS.sales })).status).toBe(200);
    expect((await api('GET', `/jobs/${sales[0]}/results`)).status).toBe(200);
  });

  it('answers 400 to a crafted list cursor, and pages with the ones it gave', async () => {
    const crafted = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      crafted({ foo: 1 }),
      crafted({ jobId: 'x', kind: 'job', createdAt: 1 }),
      crafted({ jobId: 'x', kind: 'other', createdAt: 'y' }),
      crafted([1]),
      'not base64 json',
    ]) {
      const page = await api('GET', `/jobs?cursor=${encodeURIComponent(cursor)}`);
      expect(page.status, cursor).toBe(400);
      expect(JSON.stringify(page.json.errors)).toContain('cursor');
    }
    for (const fileName of ['page-1.csv', 'page-2.csv']) await api('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName }) });
    const first = await api('GET', '/jobs?limit=1');
    expect(first.status).toBe(200);
    expect((await api('GET', `/jobs?limit=1&cursor=${encodeURIComponent(first.json.nextCursor as string)}`)).status).toBe(200);
  });

  it('answers 400 naming the field, 409 for results of a running job, 404 and 413', async () => {
    const empty = await api('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads: [] }) });
    expect(empty.status).toBe(400);
    expect(empty.type).toContain('application/problem+json');
    expect(JSON.stringify(empty.json.errors)).toContain('leads');
    const badHook = await api('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads: [{ a: 'b' }], options: { webhookUrl: 'nope' } }) });
    expect(badHook.status).toBe(400);
    expect(JSON.stringify(badHook.json.errors)).toContain('options.webhookUrl');
    expect((await api('GET', '/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const upload = await api('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: 'later.csv' }) });
    expect((await api('GET', `/jobs/${upload.json.jobId}/results`)).status).toBe(409);
    const huge = Buffer.alloc(6 * 1024 * 1024, 'a,b,c\n');
    expect((await api('POST', '/jobs', { type: 'text/csv', body: huge })).status).toBe(413);
  });
});
