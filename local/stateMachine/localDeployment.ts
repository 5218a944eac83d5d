import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LeadflowConfig } from '../../lib/config';
import type { TemplateFunction, TemplateRule } from '../eventRules';

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  TimeoutSeconds?: number;
}

/** What the local runtime needs from the synthesized stack: the same definition, tables, buckets and settings. */
export interface LocalDeployment {
  definition: StateMachineDefinition;
  tables: CreateTableCommandInput[];
  buckets: string[];
  /** the union of the Lambda functions' environment variables, with resources named locally */
  environment: Record<string, string>;
  /** the EventBridge rules (lib/job-events.ts), resources named locally; local/eventRules.ts runs them */
  rules: TemplateRule[];
  /** Leadflow's Lambda functions by logical id: what rules may target */
  functions: Record<string, TemplateFunction>;
}

/**
 * Settings for one machine: a short poll interval and backoff so a local job takes seconds, not minutes, and a
 * LeadGenius contract that does not ration a local run to one status call a minute and 5,000 objects an hour (the
 * embedded simulator is given the same limits; the documented ones are exercised on a scaled clock by the tests),
 * and likewise a HeroBase fair-use limit that lets a local export finish in seconds.
 */
export const LOCAL_CONTEXT = {
  pollIntervalSeconds: 1,
  awaitCallbackSeconds: 1,
  backoffMaxSeconds: 2,
  maxConcurrentBatches: 8,
  leadGeniusObjectsPerHour: 1_000_000,
  leadGeniusStatusPerMinute: 600,
  leadGeniusStatusPerHour: 36_000,
  heroBaseRequestsPerMinute: 6_000,
  aggKnowledgeTier3PerMinute: 6_000,
  aggKnowledgeTier4PerMinute: 60_000,
  // The embedded simulators call back within moments of finishing a bulk: ten seconds are ample locally.
  uncertainSubmitGraceSeconds: 10,
} satisfies Partial<LeadflowConfig>;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the synthesized stack depends on: the CDK app, the code it reads names from, the pinned packages. */
const SOURCES = ['lib', 'lambdas', 'local/stateMachine', 'package-lock.json'];

export interface LoadOptions {
  /** where synthesized deployments are kept; default node_modules/.cache/leadflow (as other tools keep theirs) */
  cacheDir?: string;
}

/**
 * The stack synthesized with the local settings, from the cache when nothing it depends on has changed. Loading
 * aws-cdk-lib and synthesizing takes seconds of CPU on every `leadflow enrich` and every test file that starts a
 * runtime; a cache hit reads one JSON file. The key hashes every source file of lib/ and lambdas/, the lock file
 * and the context, so any change synthesizes again.
 */
export async function loadLocalDeployment(context: Record<string, unknown> = {}, options: LoadOptions = {}): Promise<LocalDeployment> {
  const full = { ...LOCAL_CONTEXT, ...context };
  const cacheDir = options.cacheDir ?? join(ROOT, 'node_modules', '.cache', 'leadflow');
  const file = join(cacheDir, `deployment-${await sourceHash(full)}.json`);
  const cached = await readFile(file, 'utf-8').catch(() => undefined);
  if (cached !== undefined) return JSON.parse(cached) as LocalDeployment;
  const { synthesizeLocalDeployment } = await import('./synthesize');
  const deployment = synthesizeLocalDeployment(full);
  // Written aside and renamed, so a parallel reader never sees half a file; a cache that cannot be written is no cache.
  const partial = `${file}.${process.pid}.tmp`;
  await mkdir(cacheDir, { recursive: true })
    .then(() => writeFile(partial, JSON.stringify(deployment)))
    .then(() => rename(partial, file))
    .catch(() => undefined);
  return deployment;
}

async function sourceHash(context: Record<string, unknown>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ context, node: process.version }));
  for (const source of SOURCES) {
    const path = join(ROOT, source);
    const files = source.includes('.')
      ? [path]
      : ((await readdir(path, { recursive: true })) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(path, f));
    for (const file of files.sort())
      hash
        .update(relative(ROOT, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}
