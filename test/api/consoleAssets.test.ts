import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildConsoleAssets, GENERATED_MODULE, generatedModule } from '../../console/build';
import { CONSOLE_CSP, createConsoleApp } from '../../lambdas/console/assets';
import { CONSOLE_ASSETS } from '../../lambdas/console/assets.generated';
import { DEFAULT_PLAN } from '../../lambdas/core/plan';

const consoleApp = createConsoleApp(CONSOLE_ASSETS);
const get = (path: string, headers: Record<string, string> = {}) => consoleApp.request(path, { headers });

describe('the web console assets', () => {
  it('are embedded as built from console/ (run npm run console after editing it)', async () => {
    expect(readFileSync(GENERATED_MODULE, 'utf8')).toBe(generatedModule(await buildConsoleAssets()));
  });

  it('use the default plan of the pipeline', () => {
    // console/src/ui.ts repeats it so that the page does not bundle zod with lambdas/core/plan.ts.
    expect(CONSOLE_ASSETS['app.js']!.body).toContain(DEFAULT_PLAN.map((vendor) => `"${vendor}"`).join(','));
  });

  it('serve the page with the security headers, revalidated; the hashed assets cached for good', async () => {
    const page = await get('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    // Nothing inline and nothing external: the CSP would refuse either.
    expect(html).not.toMatch(/<script>|<style|style=|https?:\/\//);
    const script = /src="(console\/app\.js\?v=\w+)"/.exec(html)?.[1];
    const asset = await get(`/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
  });

  it('answer 304 to a matching ETag, 404 to anything else, and send /console/ to /console', async () => {
    const { etag } = CONSOLE_ASSETS['console.css']!;
    expect((await get('/console/console.css', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/console/secrets.txt')).status).toBe(404);
    expect((await get('/console/index.html')).status).toBe(404);
    const slash = await get('/console/');
    expect(slash.status).toBe(308);
    expect(slash.headers.get('location')).toBe('../console');
  });
});
