import { Hono } from 'hono';

/*
 * The web console's page and assets, served without an API key: they hold no data. Every call the page makes
 * goes to the job API with the key its user enters. Served by its own function on AWS (lambdas/handlers/console.ts)
 * and by `leadflow serve` locally, both from the module console/build.ts generates.
 */

export interface ConsoleAsset {
  contentType: string;
  body: string;
  /** a strong ETag of the body */
  etag: string;
  /** named by its content's hash in the page: cacheable for good */
  immutable: boolean;
}

export type ConsoleAssets = Readonly<Record<string, ConsoleAsset>>;

/** The console's path on the API (locally and on each stage). */
export const CONSOLE_PATH = '/console';

/**
 * Scripts, styles and calls from the page's own origin only: no inline script or style, no external font, script
 * or connection, no plugin, and no other site may frame it.
 */
export const CONSOLE_CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000',
} as const;

function answer(asset: ConsoleAsset, ifNoneMatch: string | undefined): Response {
  const headers = {
    ...SECURITY_HEADERS,
    'Content-Type': asset.contentType,
    ETag: asset.etag,
    'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === asset.etag)) return new Response(null, { status: 304, headers });
  return new Response(asset.body, { status: 200, headers });
}

const notFound = () => new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

/** GET (and HEAD) /console, /console/app.js, /console/console.css; anything else under /console is 404. */
export function createConsoleApp(assets: ConsoleAssets): Hono {
  const app = new Hono();
  app.get(CONSOLE_PATH, (c) => answer(assets['index.html']!, c.req.header('if-none-match')));
  // The page names its assets relative to /console: /console/ would resolve them one level too deep.
  app.get(`${CONSOLE_PATH}/`, () => new Response(null, { status: 308, headers: { ...SECURITY_HEADERS, Location: '../console' } }));
  app.get(`${CONSOLE_PATH}/:asset`, (c) => {
    const name = c.req.param('asset');
    const asset = name === 'index.html' ? undefined : assets[name];
    return asset ? answer(asset, c.req.header('if-none-match')) : notFound();
  });
  app.notFound(notFound);
  return app;
}

/** Whether `path` is the console's (served without a key) rather than the job API's. */
export const isConsolePath = (path: string): boolean => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
