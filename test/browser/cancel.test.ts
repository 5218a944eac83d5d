import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Server } from '../../local/serve';
import { tempDir, writeLeadFile } from '../e2e/support';
import { JOB_TIMEOUT_MS, launchBrowser, screenshot, useKey } from './support';

/*
 * Cancelling from the job page, the job list and its filters, and the token page, against a `leadflow serve` whose
 * Leadspace takes seconds per bulk: the job is still running when the user cancels it.
 */

const API_KEY = 'console-cancel-key-0123456789';
const TEAM_KEY = 'console-team-key-0123456789';
let server: Server;
let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer({
    inboxDir: join(dir, 'inbox'),
    apiKey: API_KEY,
    teamKeys: [{ id: 'sales', key: TEAM_KEY }],
    simulator: { processingDelayMs: 4_000 },
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(server.consoleUrl);
  await useKey(page, API_KEY);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the web console', () => {
  it('cancels a running job from its page', async () => {
    await page.getByRole('link', { name: 'New job', exact: true }).click();
    await page.getByLabel('Lead file').setInputFiles(writeLeadFile(dir, 30, 61));
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    await page.locator('#job-status[data-status="RUNNING"]').waitFor({ timeout: JOB_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await expect.poll(() => page.locator('#announce').textContent()).toContain('Cancellation requested');
    await page.locator('#job-status[data-status="CANCELLED"]').waitFor({ timeout: JOB_TIMEOUT_MS });
    expect(await page.getByRole('button', { name: 'Cancel job' }).isHidden()).toBe(true);
    expect(await page.locator('#job-error').textContent()).toContain('Cancelled by the user');
    await screenshot(page, 'job-cancelled');
  });

  it('lists the jobs, filtered by status', async () => {
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.locator('#jobs').waitFor();
    expect(await page.locator('#jobs tbody tr').count()).toBe(1);
    await page.getByLabel('Status').selectOption('COMPLETED');
    await page.getByRole('button', { name: 'Show jobs' }).click();
    await expect.poll(() => page.locator('#job-list').textContent()).toContain('No jobs match.');
    await page.getByLabel('Status').selectOption('CANCELLED');
    await page.getByRole('button', { name: 'Show jobs' }).click();
    await expect.poll(() => page.locator('#jobs tbody tr').count()).toBe(1);
    expect(await page.locator('#page-next').isDisabled()).toBe(true);
    await screenshot(page, 'job-list');
  });

  it("shows the vendor tokens' ages and rotation dates to the operator, and refuses a team key", async () => {
    await page.getByRole('link', { name: 'Vendor tokens' }).click();
    await page.locator('#tokens').waitFor();
    const rows = await page.locator('#tokens tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.join('\n')).toMatch(/leadspace.*\d{4}-\d{2}-\d{2}/);
    await screenshot(page, 'tokens');
    await useKey(page, TEAM_KEY);
    await expect.poll(() => page.locator('#alert').textContent()).toContain('(403)');
  });
});
