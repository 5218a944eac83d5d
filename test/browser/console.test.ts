import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapColumns } from '../../lambdas/core/columnMapping';
import { CONSOLE_CSP } from '../../lambdas/console/assets';
import { startServer, type Server } from '../../local/serve';
import { readCsv, readOutputCsv, tempDir, writeLeadFile } from '../e2e/support';
import { JOB_TIMEOUT_MS, launchBrowser, screenshot, useKey } from './support';

/*
 * The web console in headless Chromium against `leadflow serve` in this process, through the real local pipeline:
 * a file picked, a mapping corrected, the estimate, a job started and watched to the end, enriched.csv downloaded
 * and checked row by row, and a wrong key.
 */

const API_KEY = 'console-test-key-0123456789';
let server: Server;
let browser: Browser;
let page: Page;
let dir: string;
let file: string;
let header: string[];

beforeAll(async () => {
  dir = tempDir();
  server = await startServer({ inboxDir: join(dir, 'inbox'), apiKey: API_KEY, simulator: { processingDelayMs: 50 } });
  browser = await launchBrowser();
  page = await browser.newPage({ acceptDownloads: true });
  file = orgLabelFile('march-leads.csv', 51);
});

/** A file whose company column has a name Leadflow does not know: the user maps it by hand. */
function orgLabelFile(name: string, seed: number): string {
  const generated = readCsv(writeLeadFile(dir, 40, seed));
  header = generated[0]!.map((column) => (column === 'Account Name' ? 'Org Label' : column));
  const path = join(dir, name);
  writeFileSync(
    path,
    generated.map((row, i) => (i === 0 ? header : row).map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n'),
  );
  return path;
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the web console', () => {
  it('is served at /console without a key, with a strict Content-Security-Policy and the security headers', async () => {
    const response = await fetch(server.consoleUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('<title>Leadflow console</title>');
  });

  it('says the key was refused (401) when it is wrong', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(server.consoleUrl);
    await useKey(page, 'not-the-key');
    await expect.poll(() => page.locator('#alert').textContent()).toContain('The API key was refused (401)');
    await screenshot(page, 'wrong-key');
    // The page runs entirely under its CSP: nothing inline, nothing external.
    expect(violations).toEqual([]);
  });

  it('reads a file, lets the user correct the mapping, starts the job, watches it complete and downloads enriched.csv', async () => {
    await useKey(page, API_KEY);
    await page.getByRole('link', { name: 'New job', exact: true }).click();
    await page.getByLabel('Lead file').setInputFiles(file);

    // Leadflow's own mapping leaves Company unmapped; the preview shows the rows as they will be read.
    expect(mapColumns(header).columns.companyName).toBeUndefined();
    const company = page.locator('#map-companyName');
    await expect.poll(() => company.inputValue()).toBe('');
    await expect.poll(() => page.locator('#map-firstName').inputValue()).toBe('First Name');
    await company.selectOption('Org Label');
    await expect.poll(() => page.locator('#preview thead').textContent()).toContain('Company');
    const firstRow = readCsv(file)[1]!;
    expect(await page.locator('#preview tbody tr').first().textContent()).toContain(firstRow[header.indexOf('Org Label')]!);
    await screenshot(page, 'new-job-mapping');

    await page.getByRole('button', { name: 'Start job' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    const jobId = page.url().split('/').pop()!;
    await screenshot(page, 'job-running');
    await page.locator('#job-status[data-status="COMPLETED"]').waitFor({ timeout: JOB_TIMEOUT_MS });
    await page.locator('#download-enrichedCsv').waitFor();
    await expect.poll(() => page.locator('#announce').textContent()).toBe('Job completed.');
    // The job used the corrected mapping.
    const view = (await (await fetch(`${server.url}/jobs/${jobId}`, { headers: { 'x-api-key': API_KEY } })).json()) as any;
    expect(view.options.columnMapping).toEqual({ companyName: 'Org Label' });
    expect(view.intake.mapping).toContainEqual({ field: 'companyName', column: header.indexOf('Org Label') + 1, header: 'Org Label' });
    expect(await page.locator('#progress [data-count="rows"]').textContent()).toBe(String(view.progress.rows));
    expect(await page.locator('#waterfall').getAttribute('role')).toBe('img');
    expect(await page.locator('#waterfall title').textContent()).toContain(`${view.waterfall.leadspace.found}`);
    // The README's picture of the job page: rewritten only when asked (UPDATE_DOCS_SCREENSHOT=1), not on every run.
    await screenshot(page, 'job-completed', process.env.UPDATE_DOCS_SCREENSHOT ? join(import.meta.dirname, '../../docs/console-job.png') : undefined);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-enrichedCsv').click()]);
    expect(download.suggestedFilename()).toBe('enriched.csv');
    const saved = join(dir, 'enriched.csv');
    await download.saveAs(saved);
    const input = readCsv(file);
    const output = readOutputCsv(saved);
    expect(output).toHaveLength(input.length);
    expect(output[0]!.slice(0, header.length)).toEqual(header);
    for (let i = 1; i < input.length; i++) {
      // Every input row, in order, with its cells as they were, then the enriched columns and the status.
      expect(output[i]!.slice(0, input[i]!.length), `row ${i}`).toEqual(input[i]);
      expect(output[i]!.at(-1), `row ${i} status`).toMatch(
        /^(enriched|partially_enriched|not_found|unmapped|rejected: .+|failed: .+|skipped: .+|not applicable: .+)$/,
      );
    }
    expect(readFileSync(saved, 'utf8')).toContain('Org Label');
  });

  it('estimates the job before it starts (POST /jobs?dryRun=true): the numbers the job then reports', async () => {
    // Leads no job of this server has bought yet: the cache answers none of them, so the estimate has records to state.
    const fresh = orgLabelFile('april-leads.csv', 52);
    await page.getByRole('link', { name: 'New job', exact: true }).click();
    await page.getByLabel('Lead file').setInputFiles(fresh);
    await page.locator('#map-companyName').selectOption('Org Label');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.locator('#estimate-counts').waitFor({ timeout: JOB_TIMEOUT_MS });
    await screenshot(page, 'estimate');
    const count = async (name: string) =>
      Number((await page.locator(`#estimate-counts [data-count="${name}"]`).textContent())!.replaceAll(',', '').split(' ')[0]);
    const estimated = { rows: await count('rows'), uniqueLeads: await count('uniqueLeads'), duplicates: await count('duplicates') };
    const firstStep = (await page.locator('#estimate-steps [data-step-records="0"]').textContent())!.replaceAll(',', '');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    await page.locator('#job-status[data-status="COMPLETED"]').waitFor({ timeout: JOB_TIMEOUT_MS });
    const jobId = page.url().split('/').pop()!;
    const view = (await (await fetch(`${server.url}/jobs/${jobId}`, { headers: { 'x-api-key': API_KEY } })).json()) as any;
    expect(estimated.rows).toBe(view.progress.rows);
    const results = (await (await fetch(`${server.url}/jobs/${jobId}/results`, { headers: { 'x-api-key': API_KEY } })).json()) as any;
    const summary = (await (await fetch(results.files.summary)).json()) as any;
    expect(estimated.uniqueLeads).toBe(summary.uniqueLeads);
    expect(estimated.duplicates).toBe(summary.duplicates);
    // The first step's input is known before any answer: exact, and what the job then sent Leadspace.
    expect(view.progress.vendors.leadspace.sent).toBeGreaterThan(0);
    expect(Number(firstStep)).toBe(view.progress.vendors.leadspace.sent);
  });

  it('starts a job from an .xlsx workbook: the file itself goes to the job, which reads it as the pipeline reads any workbook', async () => {
    const rows = readCsv(orgLabelFile('may-leads.csv', 53));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Leads');
    for (const row of rows) sheet.addRow(row);
    const xlsx = join(dir, 'may-leads.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    await page.getByRole('link', { name: 'New job', exact: true }).click();
    await page.getByLabel('Lead file').setInputFiles(xlsx);
    await page.locator('#map-companyName').selectOption('Org Label');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    await page.locator('#job-status[data-status="COMPLETED"]').waitFor({ timeout: JOB_TIMEOUT_MS });
    const jobId = page.url().split('/').pop()!;
    const view = (await (await fetch(`${server.url}/jobs/${jobId}`, { headers: { 'x-api-key': API_KEY } })).json()) as {
      progress: { rows: number; vendors: { leadspace: { sent: number } } };
      options: { columnMapping?: Record<string, string> };
    };
    // Every data row of the workbook, read by the job (the console sent the workbook, not a CSV of its own making).
    expect(view.progress.rows).toBe(rows.length - 1);
    expect(view.progress.vendors.leadspace.sent).toBeGreaterThan(0);
    expect(view.options.columnMapping).toMatchObject({ companyName: 'Org Label' });
  });
});
