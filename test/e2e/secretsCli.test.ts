import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../local/emulators/secretsManager';
import { secretsManagerClient } from '../../lambdas/aws/vendorSecrets';
import { isoDay, ROTATION_DUE_DAYS } from '../../lambdas/core/tokenRotation';
import { createTokenAgeHandler } from '../../lambdas/handlers/tokenAge';

/*
 * `leadflow secrets set` and `leadflow secrets status` in a child process, against the local Secrets Manager
 * emulator through AWS_ENDPOINT_URL_SECRETS_MANAGER, with stdout and stderr captured separately.
 *
 * The child is the real CLI, bin/leadflow.ts. Dates are read from the secrets (when their value was written), not
 * from this process's clock at another moment: a run across midnight UTC gets the same answers.
 */

const DAY = 86_400_000;
const NAMES = { leadspace: 'cli/leadspace', leadgenius: 'cli/leadgenius', aggknowledge: 'cli/aggknowledge' } as const;
/** distinctive credentials: any of them on an output stream is a leak */
const LEADSPACE_TOKEN = 'LSPC-tok-8f3Kq2Zr7WmXv1Ny5Bd0';
const LEADGENIUS_KEY = 'LGNS-key-Q7rT2pVx9LmZc4Hs6Jw1';
const LEAKS = [LEADSPACE_TOKEN, LEADGENIUS_KEY, '8f3Kq2Zr7WmXv1Ny5Bd0', 'Q7rT2pVx9LmZc4Hs6Jw1'];
const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

let emulator: SecretsManagerEmulator;
let childEnv: NodeJS.ProcessEnv;
const children = new Set<ChildProcess>();

/**
 * Asynchronous: the emulator answers from this process, so a spawnSync here would deadlock. No deadline of its
 * own (several start at once, and a loaded machine starts them slowly): the test's timeout is the bound, and a
 * child still running then is killed after the file.
 */
function leadflow(
  args: string[],
  stdin = '',
  env: NodeJS.ProcessEnv = childEnv,
): Promise<{ code: number | null; stdout: string; stderr: string; all: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/leadflow.ts', 'secrets', ...args], { env });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf-8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf-8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, all: stdout + stderr }));
    child.stdin.end(stdin);
  });
}

function expectNoLeak(output: string) {
  for (const value of LEAKS) expect(output).not.toContain(value);
}

beforeAll(async () => {
  emulator = await startSecretsManagerEmulator('us-east-1');
  emulator.seed(NAMES.leadspace, JSON.stringify({ token: 'old-leadspace-token' }));
  emulator.seed(NAMES.leadgenius, JSON.stringify({ apiKey: 'old-leadgenius-key' }));
  emulator.seed(NAMES.aggknowledge, JSON.stringify({ apiKey: 'old-aggknowledge-key' }));
  const env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.url,
    LEADSPACE_SECRET_ID: NAMES.leadspace,
    LEADGENIUS_SECRET_ID: NAMES.leadgenius,
    AGGKNOWLEDGE_SECRET_ID: NAMES.aggknowledge,
  };
  Object.assign(process.env, env, { ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:alarms' });
  // Everything a child could log is on its streams: at DEBUG, a credential in any log line would show.
  childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env, POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_DEV: 'true' };
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await emulator?.close();
});

/** The day a token was written, and the day it is due for rotation. */
const daysOf = (written: Date) => ({ written: isoDay(written), due: isoDay(new Date(written.getTime() + ROTATION_DUE_DAYS * DAY)) });

describe('leadflow secrets', () => {
  it('set stores the credential from stdin and prints only the vendor, the version id and the due date; status shows it', async () => {
    const set = await leadflow(['set', 'leadspace'], `${JSON.stringify({ token: LEADSPACE_TOKEN, programId: 'PRG-1' })}\n`);
    expect(set.code, set.all).toBe(0);
    expect(set.stderr).toBe('');
    const match = /^leadspace: stored as version ([0-9a-f-]{36}); rotate by (\d{4}-\d{2}-\d{2})\n$/.exec(set.stdout);
    expect(match, set.stdout).not.toBeNull();

    const stored = await secretsManagerClient().send(new GetSecretValueCommand({ SecretId: NAMES.leadspace }));
    expect(stored.VersionId).toBe(match![1]);
    expect(JSON.parse(stored.SecretString!)).toEqual({ token: LEADSPACE_TOKEN, programId: 'PRG-1' });
    const days = daysOf(stored.CreatedDate!);
    expect(match![2]).toBe(days.due);

    const status = await leadflow(['status']);
    expect(status.code, status.all).toBe(0);
    const lines = status.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Vendor\s+Last changed\s+Age \(days\)\s+Rotate by\s+Reminders sent$/);
    expect(lines.find((l) => l.startsWith('leadspace'))).toMatch(new RegExp(`^leadspace\\s+${days.written}\\s+0\\s+${days.due}\\s+none$`));
    expectNoLeak(set.all + status.all);
  });

  it('takes a bare key on stdin as the apiKey', async () => {
    const set = await leadflow(['set', 'leadgenius'], `${LEADGENIUS_KEY}\n`);
    expect(set.code, set.all).toBe(0);
    expect(set.stdout).toMatch(/^leadgenius: stored as version [0-9a-f-]{36}; rotate by \d{4}-\d{2}-\d{2}\n$/);
    const stored = await secretsManagerClient().send(new GetSecretValueCommand({ SecretId: NAMES.leadgenius }));
    expect(JSON.parse(stored.SecretString!)).toEqual({ apiKey: LEADGENIUS_KEY });
    expectNoLeak(set.all);
  });

  it('status shows each token age, due date and the reminders sent, and no value', async () => {
    const written = new Date(Date.now() - 171 * DAY);
    const days = daysOf(written);
    emulator.setLastChanged(NAMES.aggknowledge, written);
    const published: string[] = [];
    await createTokenAgeHandler(async (m) => void published.push(m.subject))({ time: new Date(written.getTime() + 171 * DAY).toISOString() });
    expect(published).toEqual([`Leadflow: rotate the AggKnowledge token by ${days.due}`]);

    const status = await leadflow(['status']);
    expect(status.code, status.all).toBe(0);
    const row = status.stdout.split('\n').find((l) => l.startsWith('aggknowledge'));
    expect(row).toMatch(new RegExp(`^aggknowledge\\s+${days.written}\\s+171\\s+${days.due}\\s+day 170$`));
    expect(status.stdout).not.toMatch(/old-aggknowledge-key|old-leadspace-token/);
    expectNoLeak(status.all);
  });

  it('never lets the credential reach stdout or stderr, whatever goes wrong', async () => {
    const attempts = await Promise.all([
      // not JSON (JSON.parse's own message would quote it)
      leadflow(['set', 'leadspace'], `{"token": "${LEADSPACE_TOKEN}", programId}`),
      // JSON of the wrong shape (zod's messages can quote values and keys)
      leadflow(['set', 'leadspace'], JSON.stringify({ tokn: LEADSPACE_TOKEN })),
      leadflow(['set', 'leadgenius'], JSON.stringify({ apiKey: LEADGENIUS_KEY, [LEADGENIUS_KEY]: 1 })),
      // a bare value with spaces: probably not a token
      leadflow(['set', 'leadgenius'], `${LEADGENIUS_KEY} ${LEADSPACE_TOKEN}`),
      // a secret id that does not exist: the SDK error surfaces
      leadflow(['set', 'leadspace'], LEADSPACE_TOKEN, { ...childEnv, LEADSPACE_SECRET_ID: 'cli/missing' }),
      // no secret id configured
      leadflow(['set', 'leadspace'], LEADSPACE_TOKEN, { ...childEnv, LEADSPACE_SECRET_ID: '' }),
    ]);
    expect(attempts.map((a) => a.code)).toEqual([2, 2, 2, 2, 1, 2]);
    expect(attempts[0]!.stderr).toMatch(/The leadspace credential on stdin is not valid JSON/);
    expect(attempts[1]!.stderr).toMatch(/does not have the expected shape \{"token": "…", "programId"\?: "…", "authScheme"\?: "bearer" \| "basic"\}/);
    expect(attempts[3]!.stderr).toMatch(/Expected a bare leadgenius apiKey/);
    expect(attempts[4]!.stderr).toMatch(/leadflow: Secrets Manager can't find the specified secret/);
    expect(attempts[5]!.stderr).toMatch(/LEADSPACE_SECRET_ID is not set/);
    for (const attempt of attempts) {
      expectNoLeak(attempt.all);
      expect(attempt.stdout).toBe('');
      expect(attempt.all).not.toMatch(STACK_FRAME);
    }
  });

  it('refuses empty input with a clear message, and an unknown vendor', async () => {
    const empty = await leadflow(['set', 'aggknowledge'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/No aggknowledge credential on stdin\. Pipe it in, e\.g\. .*never taken as an argument/);
    const blank = await leadflow(['set', 'aggknowledge'], '  \n');
    expect(blank.code).toBe(2);
    const unknown = await leadflow(['set', 'zoominfo'], 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/secrets set expects a vendor: leadspace, leadgenius, aggknowledge/);
  });
});
