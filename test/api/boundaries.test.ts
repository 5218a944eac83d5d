import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';

describe('the job API application', () => {
  it('loads no AWS code: it reaches AWS only through its ports', async () => {
    const result = await build({
      entryPoints: ['lambdas/api/app.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      // Packages stay imports, so the metafile lists each one the application's own modules use.
      packages: 'external',
      logLevel: 'silent',
    });
    const modules = Object.keys(result.metafile.inputs);
    const packages = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
    expect(modules.filter((path) => path.startsWith('lambdas/aws/'))).toEqual([]);
    expect(packages.filter((name) => name.startsWith('@aws-sdk/') || name.startsWith('@aws-lambda-powertools/'))).toEqual([]);
    expect(modules).toContain('lambdas/api/routes/createJob.ts');
  });
});
