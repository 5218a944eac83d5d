import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots of each page: test artifacts, gitignored. */
export const ARTIFACTS = join(import.meta.dirname, '../../test-results/console');

/** Debian's Chromium (.ci/run installs it; the registry's browser downloads are not reachable), or CHROMIUM_PATH. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');
  }
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export async function screenshot(page: Page, name: string, copyTo?: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (copyTo) await page.screenshot({ path: copyTo, fullPage: true });
}

/** Enters `key` in the console's key form. */
export async function useKey(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
}

/** Generous: the job runs through the real local pipeline; nothing here depends on its speed. */
export const JOB_TIMEOUT_MS = 150_000;
