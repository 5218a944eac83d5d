import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_CONTEXT, loadLocalDeployment } from '../../local/stateMachine/localDeployment';
import { synthesizeLocalDeployment } from '../../local/stateMachine/synthesize';

describe('the synthesized deployment cache', () => {
  const dirs: string[] = [];
  const cacheDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadflow-deployment-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('gives what a fresh synthesis gives, then reads it back instead of synthesizing again', async () => {
    const dir = await cacheDir();
    const first = await loadLocalDeployment({}, { cacheDir: dir });
    expect(first).toEqual(JSON.parse(JSON.stringify(synthesizeLocalDeployment(LOCAL_CONTEXT))));
    const [file] = await readdir(dir);
    // A marked copy shows the second load read the file rather than the stack.
    const marked = { ...JSON.parse(await readFile(join(dir, file!), 'utf-8')), buckets: ['from-the-cache'] };
    await writeFile(join(dir, file!), JSON.stringify(marked));
    expect((await loadLocalDeployment({}, { cacheDir: dir })).buckets).toEqual(['from-the-cache']);
  });

  it('synthesizes again for other settings', async () => {
    const dir = await cacheDir();
    await loadLocalDeployment({}, { cacheDir: dir });
    const other = await loadLocalDeployment({ pollIntervalSeconds: 7 }, { cacheDir: dir });
    expect(await readdir(dir)).toHaveLength(2);
    expect(other.environment.POLL_INTERVAL_SECONDS).toBe('7');
  });
});
