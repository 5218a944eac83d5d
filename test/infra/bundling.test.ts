import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import * as zod from 'zod';
import { BUNDLE } from '../../lib/bundling/options';

describe('the zod the bundles get (lib/bundling/zod.mjs)', () => {
  it('exports every name zod exports, in z and in z.core too, with English messages', async () => {
    const slim = (await import(BUNDLE.alias.zod)) as typeof zod;
    expect(Object.keys(slim).sort()).toEqual(Object.keys(zod).sort());
    expect(Object.keys(slim.z).sort()).toEqual(Object.keys(zod.z).sort());
    expect(Object.keys(slim.z.core).sort()).toEqual(Object.keys(zod.z.core).sort());
    expect(Object.keys(slim.locales)).toEqual(['en']);
    expect(Object.keys(slim.z.core.locales)).toEqual(['en']);
    const parsed = slim.z.object({ name: slim.z.string().min(2) }).safeParse({ name: 'a' });
    expect(parsed.error?.issues[0]?.message).toBe('Too small: expected string to have >=2 characters');
  });
});

describe('the Lambda bundles (lib/bundling/options.ts)', () => {
  it('hold one copy of the AWS SDK: no SDK package brings its own nested copy of another', async () => {
    const handlers = readdirSync('lambdas/handlers').filter((f) => f.endsWith('.ts'));
    const result = await build({
      entryPoints: handlers.map((f) => `lambdas/handlers/${f}`),
      outdir: 'unused',
      write: false,
      metafile: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: BUNDLE.target,
      mainFields: [...BUNDLE.mainFields],
      alias: { ...BUNDLE.alias },
      logLevel: 'error',
    });
    // A nested copy (an SDK package pinned to an older client than ours, as @aws-sdk/s3-presigned-post pins
    // client-s3) adds its whole size to every function that imports it; package.json's overrides keep one.
    const nestedSdk = new Set(
      Object.keys(result.metafile.inputs)
        .map((path) => /node_modules\/.+\/node_modules\/(@aws-sdk|@smithy)\/[^/]+/.exec(path)?.[0])
        .filter((copy) => copy !== undefined),
    );
    expect([...nestedSdk]).toEqual([]);
  }, 60_000);
});
