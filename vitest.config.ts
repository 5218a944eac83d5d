import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/*
 * Four kinds of tests, one vitest project each (`npm run test:unit`, `test:integration`, `test:e2e`, `test:browser`; `npm test`
 * runs all four). A file's kind is what it does, not where it sits: its folder gives the usual kind, and the
 * lists below name the files that differ from their folder.
 *
 * - unit: core and use cases with in-memory adapters. No sockets, no emulators, no simulators, no sleeps: the
 *   whole project runs in seconds. Time is an injected clock or vi.useFakeTimers.
 * - integration: vendor clients against the simulators, adapters against the local emulators, anything else
 *   that opens a socket, and CDK template assertions.
 * - e2e: the synthesized state machine through the local runtime (LocalRuntime, `leadflow enrich`, `serve`).
 * - browser: the web console in headless Chromium (playwright-core) against `leadflow serve` (`npm run test:browser`).
 */
const FOLDERS = {
  unit: ['core', 'api', 'local', 'app'],
  integration: ['vendors', 'aws', 'infra'],
  e2e: ['e2e'],
  browser: ['browser'],
} as const;

type Kind = keyof typeof FOLDERS;

/** Files whose kind is not their folder's, and why. */
const EXCEPTIONS: Record<string, Kind> = {
  // lambdas/aws code with fakes in place of AWS: no emulator.
  'test/aws/metrics.test.ts': 'unit',
  'test/aws/pacedFetch.test.ts': 'unit',
  'test/aws/secretBaseUrl.test.ts': 'unit',
  // Webhook delivery against real HTTP receivers on loopback.
  'test/core/webhook.test.ts': 'integration',
  'test/core/webhookDeliver.test.ts': 'integration',
  // CLIs against the emulated Secrets Manager and the vendor simulators; no job runs through the state machine.
  'test/e2e/secretsCli.test.ts': 'integration',
  'test/e2e/vendorsCheck.test.ts': 'integration',
  // CDK synthesis (seconds) and the Step Functions API on loopback.
  'test/local/eventRules.test.ts': 'integration',
  'test/local/deploymentCache.test.ts': 'integration',
  'test/local/stepFunctionsEmulator.test.ts': 'integration',
};

const KINDS = Object.keys(FOLDERS) as Kind[];

function kindOf(file: string): Kind | undefined {
  const exception = EXCEPTIONS[file];
  if (exception) return exception;
  const folder = file.split('/')[1];
  return KINDS.find((kind) => (FOLDERS[kind] as readonly string[]).includes(folder!));
}

// A test file in no project would never run: say so instead of skipping it.
const unclassified = (readdirSync(fileURLToPath(new URL('test', import.meta.url)), { recursive: true, encoding: 'utf-8' }) as string[])
  .map((path) => `test/${path.split('\\').join('/')}`)
  .filter((file) => file.endsWith('.test.ts') && kindOf(file) === undefined);
if (unclassified.length > 0) {
  throw new Error(`vitest.config.ts: no project for ${unclassified.join(', ')}: add its folder to FOLDERS or the file to EXCEPTIONS`);
}
for (const file of Object.keys(EXCEPTIONS)) {
  if (!file.startsWith('test/') || !file.endsWith('.test.ts')) throw new Error(`vitest.config.ts: EXCEPTIONS names ${file}, not a test file`);
}

function project(kind: Kind) {
  const inFolder = (file: string) => FOLDERS[kind].some((folder) => file.startsWith(`test/${folder}/`));
  const away = Object.entries(EXCEPTIONS).filter(([file, to]) => to !== kind && inFolder(file));
  const here = Object.entries(EXCEPTIONS).filter(([file, to]) => to === kind && !inFolder(file));
  return {
    extends: true as const,
    test: {
      name: kind,
      include: [...FOLDERS[kind].map((folder) => `test/${folder}/**/*.test.ts`), ...here.map(([file]) => file)],
      exclude: [...configDefaults.exclude, ...away.map(([file]) => file)],
      // Unit files touch no process-wide state, so they share one process and its loaded modules: half the time
      // of a process each. vitest restores spies after each file; a file that stubs an environment variable
      // unstubs it, and nothing here uses vi.mock (ports take fakes instead).
      ...(kind === 'unit' && { isolate: false }),
    },
  };
}

export default defineConfig({
  test: {
    projects: KINDS.map(project),
    // Each file gets its own process: the local runtime sets process-wide AWS endpoint variables.
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine, where the suite
    // took 12 minutes. End-to-end files spend much of their time waiting on sockets and the state machine's
    // timers, so twice as many files as cores keep both busy (5.5 minutes on 2 cores). No test depends on speed.
    maxWorkers: Math.max(4, availableParallelism() * 2),
    // End-to-end runs start emulators and simulators and move thousands of rows through them.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Metrics are EMF lines on stdout: on one machine nothing reads them (a test that checks them turns them on).
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
