// npm run bench:functions (npm run bench runs it too): each Lambda function bundled as `cdk deploy` bundles it
// (lib/bundling/options.ts), with its size, zipped size (what Lambda stores and loads) and cold import time: the
// median of fresh Node processes each importing the bundle once, as a new Lambda container does at its first event.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { BUNDLE } from '../lib/bundling/options';

const IMPORTS = 9;
/** Placeholders for the resources each function's configuration names, so its module can load (lambdas/aws/config.ts). */
const ENVIRONMENT = {
  JOBS_TABLE: 'jobs',
  BATCHES_TABLE: 'batches',
  CACHE_TABLE: 'cache',
  LIMITS_TABLE: 'limits',
  DATA_BUCKET: 'data',
  LEADSPACE_SECRET_ID: 'leadspace',
  LEADGENIUS_SECRET_ID: 'leadgenius',
  AGGKNOWLEDGE_SECRET_ID: 'aggknowledge',
  HEROBASE_SECRET_ID: 'herobase',
  CALLBACK_SIGNING_SECRET_ID: 'callback',
  WEBHOOK_SIGNING_SECRET_ID: 'webhook',
  CALLBACK_BASE_URL: 'https://example.com/prod',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:Leadflow',
  ESTIMATE_FUNCTION_NAME: 'estimate',
  OPERATOR_API_KEY_ID: 'operator',
  EVENT_BUS_NAME: 'default',
  ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alarms',
  AWS_REGION: 'us-east-1',
};

const handlers = readdirSync('lambdas/handlers')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const dir = mkdtempSync(join(tmpdir(), 'leadflow-functions-'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
try {
  for (const handler of handlers) {
    const outfile = join(dir, handler, 'index.mjs');
    await build({
      entryPoints: [`lambdas/handlers/${handler}.ts`],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: BUNDLE.minify,
      sourcemap: BUNDLE.sourceMap,
      target: BUNDLE.target,
      mainFields: [...BUNDLE.mainFields],
      banner: { js: BUNDLE.banner },
      alias: { ...BUNDLE.alias },
      logLevel: 'error',
    });
    const code = readFileSync(outfile);
    const times = Array.from({ length: IMPORTS }, () =>
      Number(
        execFileSync(process.execPath, ['-e', `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`], {
          env: { ...process.env, ...ENVIRONMENT },
          encoding: 'utf-8',
          stdio: ['ignore', 'pipe', 'inherit'],
        }).trim(),
      ),
    );
    const result = {
      function: handler,
      bundleKb: Math.round(statSync(outfile).size / 1024),
      zippedKb: Math.round(deflateRawSync(code, { level: 9 }).length / 1024),
      coldImportMs: Math.round(median(times)),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
