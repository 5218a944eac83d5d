import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ESTIMATES_PREFIX, INPUTS_PREFIX } from '../lambdas/core/dropFolder';
import type { JobEstimate } from '../lambdas/core/estimate';
import { lambdaEstimator } from '../lambdas/aws/estimator';
import { deleteObject } from '../lambdas/aws/s3';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { documentClient, s3Client, useLocalClientSettings } from '../lambdas/aws/clients';
import { JobsRepository } from '../lambdas/aws/jobsRepository';
import type { JobRecord } from '../lambdas/core/job';
import { startDynamoDbEmulator } from './emulators/dynamodb';
import { S3_EMULATOR_CLIENT, startS3Emulator } from './emulators/s3';
import { scaledClock } from './scaledClock';
import { generateCredentials } from './emulators/authGate';
import { startSecretsManagerEmulator } from './emulators/secretsManager';
import { TaskTokens } from './emulators/taskTokens';
import { startStepFunctionsEmulator } from './emulators/stepFunctions';
import { startEventBridgeEmulator, type DeliveredEvent } from './emulators/eventBridge';
import { startLambdaEmulator } from './emulators/lambda';
import { LocalExecutions } from './localExecutions';
import { handler as ingestHandler } from '../lambdas/handlers/ingest';
import type { S3Event } from 'aws-lambda';
import { startCallbackServer } from './callbackServer';
import { HANDLERS_BY_FUNCTION, HANDLERS_BY_STATE, HANDLERS_INVOKED, NOT_SCHEDULED_LOCALLY } from './handlerBindings';
import { LocalEventRules } from './eventRules';
import { loadLocalDeployment, type LocalDeployment } from './stateMachine/localDeployment';
import type { ExecutionOutcome, HistoryEvent } from './stateMachine/runner';
import { startLeadspaceSimulator, type LeadspaceSimulator, type LeadspaceSimulatorOptions } from './simulators/leadspace';
import { startLeadGeniusSimulator, type LeadGeniusSimulator, type LeadGeniusSimulatorOptions } from './simulators/leadgenius';
import { startAggKnowledgeSimulator, type AggKnowledgeSimulator, type AggKnowledgeSimulatorOptions } from './simulators/aggknowledge';
import { startHeroBaseSimulator, type HeroBaseSimulator, type HeroBaseSimulatorOptions } from './simulators/herobase';
import { useClock } from '../lambdas/aws/clock';
import type { JobOptions } from '../lambdas/core/jobOptions';
import { jobLayout } from '../lambdas/core/jobLayout';
import { followUpExecutionName, followUpInput, type FollowUp } from '../lambdas/core/jobIds';
import { startFollowUp } from '../lambdas/app/followUp';
import { UsageMeter } from './usageMeter';
import { taskFunctions } from './stateMachine/taskFunctions';

/** The credentials the embedded simulators accept; real ones are set in the vendor secrets on AWS. */
export const LOCAL_LEADSPACE_TOKEN = 'local-leadspace-token';
export const LOCAL_LEADGENIUS_KEY = 'local-leadgenius-key';
export const LOCAL_AGGKNOWLEDGE_KEY = 'local-aggknowledge-key';
export const LOCAL_HEROBASE_USER = { username: 'leadflow', password: 'local-herobase-password' };

/**
 * The embedded HeroBase account: may read and import leads into every "B2B…" project, and a demo campaign whose
 * fields and validation follow the guide's example (name, phone, plus email and company).
 */
export const LOCAL_HEROBASE: Pick<HeroBaseSimulatorOptions, 'users' | 'campaigns'> = {
  users: [{ ...LOCAL_HEROBASE_USER, resourceRights: { Leads: ['GET', 'POST'], Campaigns: ['GET'], Account: ['GET'] }, projectRights: ['B2B*'] }],
  campaigns: [
    {
      code: 'LEADFLOW-DEMO',
      name: 'Leadflow demo',
      projectName: 'B2B Demo',
      fields: [
        { name: 'name', type: 'varchar', regex: '.*', required: true },
        { name: 'phone', type: 'phone', regex: '^\\s*((\\+|00)?[\\s\\-\\(\\)]*)?(\\d[\\s\\-\\(\\)]*){5,25}\\s*$', required: true },
        { name: 'email', type: 'email', regex: '^[^@\\s]+@[^@\\s]+$', required: false },
        { name: 'company', type: 'varchar', regex: '.*', required: false },
      ],
    },
  ],
};

/*
 * One signing key per process: handlers cache secrets for minutes, so a runtime restarted in the same process
 * (as tests do) must see the same value.
 */
const SIGNING_KEY = randomBytes(32).toString('base64url');
const WEBHOOK_KEY = randomBytes(32).toString('base64url');
/** Enough for every batch a run keeps in flight to reach every emulator at once (lambdas/aws/clients.ts). */
const LOCAL_SOCKETS_PER_CLIENT = 512;

export interface LocalRuntimeOptions {
  simulator?: Partial<LeadspaceSimulatorOptions>;
  leadGenius?: Partial<LeadGeniusSimulatorOptions>;
  aggKnowledge?: Partial<AggKnowledgeSimulatorOptions>;
  heroBase?: Partial<HeroBaseSimulatorOptions>;
  /**
   * Runs vendor limits on a clock this many times faster than real time (Leadflow's shared limiter and the
   * simulators alike) and scales Wait states and task timeouts with it: hours of rate-limited traffic in seconds.
   */
  timeScale?: number;
  /** use a Leadspace-compatible endpoint elsewhere (another process) instead of an embedded simulator */
  externalLeadspaceUrl?: string;
  /** CDK context for the synthesized stack (on top of the local defaults) */
  context?: Record<string, unknown>;
  /**
   * A folder that keeps the cross-job vendor cache between runs (the CLI's state folder). Every other table is
   * the run's own: its simulators, limits and batches end with the process. Absent: all in memory.
   */
  stateDir?: string;
}

export interface JobProgress {
  status: JobRecord['status'];
  rows: number;
  batchesDone: number;
  batchCount: number;
  /** what intake understood of the file, once Prepare has read it */
  intake?: JobRecord['intake'];
}

export interface RunJobOptions {
  jobId?: string;
  columnMapping?: Record<string, string>;
  /** plan, budget, bypassCache: as the job API takes them (the default plan runs all three vendors) */
  jobOptions?: Omit<JobOptions, 'columnMapping' | 'webhookUrl'>;
  onProgress?: (progress: JobProgress) => void;
  onEvent?: (event: HistoryEvent) => void;
}

export interface JobRun {
  jobId: string;
  execution: ExecutionOutcome;
  job: JobRecord;
  summary?: Record<string, unknown>;
  stateTransitions: number;
  history: HistoryEvent[];
  durationMs: number;
}

export const OUTPUT_FILES = {
  enrichedCsv: 'enriched.csv',
  enrichedJsonl: 'enriched.jsonl',
  rejectedCsv: 'rejected.csv',
  summary: 'summary.json',
} as const;

/**
 * The whole pipeline on one machine: DynamoDB, S3, Secrets Manager and Step Functions' task-token API on
 * loopback, the Leadspace simulator, the callback route, and the synthesized state machine running the real
 * handlers. Handlers reach the emulators through the standard AWS_ENDPOINT_URL_* variables, so no handler
 * code knows it is local. Sets process-wide environment: one runtime per process at a time.
 */
export class LocalRuntime {
  /** completion events put on the local bus, in order (what EventBridge rules would see) */
  readonly events: DeliveredEvent[] = [];
  /** what this runtime's runs would use of each priced AWS service (npm run cost) */
  readonly meter: UsageMeter;
  private readonly ingest: typeof ingestHandler;
  private executions!: LocalExecutions;
  private rules!: LocalEventRules;
  private readonly background = new Set<Promise<unknown>>();

  private leadGeniusSimulator?: LeadGeniusSimulator;
  private aggKnowledgeSimulator?: AggKnowledgeSimulator;
  private heroBaseSimulator?: HeroBaseSimulator;

  private constructor(
    readonly deployment: LocalDeployment,
    private leadspace: LeadspaceSimulator | undefined,
    private readonly closers: (() => Promise<void>)[],
    private readonly timeScale: number,
    private readonly stateDir?: string,
  ) {
    const memory = Object.fromEntries(Object.values(deployment.functions).map((fn) => [fn.handler, fn.memoryMb]));
    this.meter = new UsageMeter(memory);
    this.ingest = this.meter.timed({ ingest: ingestHandler }).ingest;
  }

  static async start(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
    const deployment = await loadLocalDeployment(options.context);
    const timeScale = options.timeScale ?? 1;
    const simulator = options.externalLeadspaceUrl ? undefined : await startLeadspaceSimulator({ tokens: [LOCAL_LEADSPACE_TOKEN], ...options.simulator });
    const runtime = new LocalRuntime(deployment, simulator, [], timeScale, options.stateDir);
    try {
      const { now: clock, stop } = scaledClock(timeScale);
      useClock(clock, timeScale);
      runtime.closers.push(async () => {
        stop();
        useClock(Date.now);
      });
      const env = deployment.environment;
      runtime.leadGeniusSimulator = await startLeadGeniusSimulator({
        apiKeys: [LOCAL_LEADGENIUS_KEY],
        clock,
        // The simulator holds Leadflow to the same contract Leadflow is configured with.
        limits: {
          objectsPerHour: Number(env.LEADGENIUS_OBJECTS_PER_HOUR),
          statusPerMinute: Number(env.LEADGENIUS_STATUS_PER_MINUTE),
          statusPerHour: Number(env.LEADGENIUS_STATUS_PER_HOUR),
        },
        ...options.leadGenius,
      });
      runtime.aggKnowledgeSimulator = await startAggKnowledgeSimulator({ apiKeys: [LOCAL_AGGKNOWLEDGE_KEY], clock, ...options.aggKnowledge });
      runtime.heroBaseSimulator = await startHeroBaseSimulator({
        ...LOCAL_HEROBASE,
        clock,
        requestsPerMinute: Number(env.HEROBASE_REQUESTS_PER_MINUTE),
        ...options.heroBase,
      });
      await runtime.startServices(options.externalLeadspaceUrl ?? simulator!.url);
      return runtime;
    } catch (error) {
      await runtime.close();
      throw error;
    }
  }

  private async startServices(leadspaceUrl: string): Promise<void> {
    const { deployment, closers } = this;
    // Credentials of this process alone: every emulator refuses requests not signed with them (item 8 of the
    // security notes in README.md), so another local user, or a web page the browser runs, reaches no lead data.
    const credentials = generateCredentials();
    const dynamodb = await startDynamoDbEmulator({ credentials, ...(this.stateDir && { path: join(this.stateDir, 'dynamodb') }) });
    closers.push(dynamodb.close);
    const cacheTable = deployment.environment.CACHE_TABLE;
    for (const table of deployment.tables) await dynamodb.createTable(table, { keep: table.TableName === cacheTable });
    const s3 = await startS3Emulator(deployment.buckets, { credentials });
    closers.push(s3.close);
    s3.onObjectCreated((event) => this.inBackground(this.deliverS3Event(event as S3Event)));
    const secrets = await startSecretsManagerEmulator('local', { credentials });
    closers.push(secrets.close);
    const tokens = new TaskTokens();
    // Every rule of the template, or the runtime refuses to start (docs/local-runtime.md, "EventBridge rules").
    const meter = this.meter;
    this.rules = new LocalEventRules(deployment, { handlers: meter.timed(HANDLERS_BY_FUNCTION), unscheduled: NOT_SCHEDULED_LOCALLY });
    const functionOfState = taskFunctions(deployment.definition, deployment.functions);
    this.executions = new LocalExecutions({
      timeScale: this.timeScale,
      definition: deployment.definition,
      stateMachineArn: deployment.environment.STATE_MACHINE_ARN ?? 'arn:aws:states:us-east-1:000000000000:stateMachine:Leadflow',
      handlers: meter.timed(HANDLERS_BY_STATE, (state) => functionOfState[state]!),
      tokens,
      readObject: (bucket, key) => this.readText(key, bucket),
      // Status changes go to the rules as on the default bus (lib/job-events.ts: ABORTED and TIMED_OUT to Merge).
      onStatusChange: (event) => this.routeEvent(event),
    });
    const sfn = await startStepFunctionsEmulator(tokens, this.executions, { credentials });
    closers.push(sfn.close);
    const bus = await startEventBridgeEmulator(
      (event) => {
        this.events.push(event);
        meter.event();
        this.inBackground(this.routeEvent(event));
      },
      { credentials },
    );
    closers.push(bus.close);
    const invoked = meter.timed(HANDLERS_INVOKED);
    const lambda = await startLambdaEmulator(
      async (name, event) => {
        const handler = invoked[deployment.functions[name]?.handler ?? ''];
        if (!handler) throw new Error(`Function not found: ${name}`);
        return handler(event);
      },
      { credentials },
    );
    closers.push(lambda.close);
    const callbacks = await startCallbackServer(meter);
    closers.push(callbacks.close);

    useLocalClientSettings({ s3: S3_EMULATOR_CLIENT, maxSockets: LOCAL_SOCKETS_PER_CLIENT });
    meter.observeS3(s3Client());
    meter.observeDynamoDb(documentClient());
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_SFN: sfn.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      // Webhook receivers on this machine are on loopback, which the deployed function refuses (SSRF).
      LEADFLOW_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ...deployment.environment,
      CALLBACK_BASE_URL: callbacks.baseUrl,
      LEADSPACE_BASE_URL: leadspaceUrl,
      LEADGENIUS_BASE_URL: this.leadGenius.url,
      AGGKNOWLEDGE_BASE_URL: this.aggKnowledge.url,
    });
    secrets.seed(deployment.environment.LEADSPACE_SECRET_ID!, JSON.stringify({ token: LOCAL_LEADSPACE_TOKEN, programId: 'local' }));
    secrets.seed(deployment.environment.LEADGENIUS_SECRET_ID!, JSON.stringify({ apiKey: LOCAL_LEADGENIUS_KEY }));
    secrets.seed(deployment.environment.AGGKNOWLEDGE_SECRET_ID!, JSON.stringify({ apiKey: LOCAL_AGGKNOWLEDGE_KEY }));
    secrets.seed(deployment.environment.HEROBASE_SECRET_ID!, JSON.stringify({ ...LOCAL_HEROBASE_USER, baseUrl: this.heroBase.url }));
    secrets.seed(deployment.environment.CALLBACK_SIGNING_SECRET_ID!, SIGNING_KEY);
    if (deployment.environment.WEBHOOK_SIGNING_SECRET_ID) secrets.seed(deployment.environment.WEBHOOK_SIGNING_SECRET_ID, WEBHOOK_KEY);
  }

  /** The key user webhooks are signed with here, for receivers (and tests) to verify. */
  get webhookSigningKey(): string {
    return WEBHOOK_KEY;
  }

  /** Hands an S3 event to the ingest function, as the bucket notification on inbox/ and uploads/ does. */
  async deliverS3Event(event: S3Event): Promise<void> {
    const watched = event.Records.filter((r) => /^(inbox|uploads)\//.test(r.s3.object.key));
    if (watched.length > 0) await this.ingest({ Records: watched });
  }

  /**
   * An event on the default bus, from a handler's PutEvents or an execution's status change, to the rules of
   * lib/job-events.ts that match it, with Lambda's async retries compressed in time (local/eventRules.ts).
   */
  private routeEvent(event: DeliveredEvent): Promise<void> {
    return this.rules.deliver(event);
  }

  private inBackground(work: Promise<unknown>): void {
    const tracked = work.catch((error: Error) => process.stderr.write(`leadflow: background task failed: ${error.name}\n`));
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }

  get simulator(): LeadspaceSimulator {
    if (!this.leadspace) throw new Error('This runtime uses an external Leadspace endpoint');
    return this.leadspace;
  }

  get leadGenius(): LeadGeniusSimulator {
    return this.leadGeniusSimulator!;
  }

  get aggKnowledge(): AggKnowledgeSimulator {
    return this.aggKnowledgeSimulator!;
  }

  get heroBase(): HeroBaseSimulator {
    return this.heroBaseSimulator!;
  }

  /**
   * Swaps in a simulator with other settings (token, credits) at the same address: handlers read their
   * configuration once per container (lambdas/aws/wiring), as on Lambda, so the URL they hold must stay valid.
   */
  async replaceSimulator(options: Partial<LeadspaceSimulatorOptions>): Promise<LeadspaceSimulator> {
    const port = Number(new URL(this.simulator.url).port);
    await this.simulator.close();
    this.leadspace = await startLeadspaceSimulator({ tokens: [LOCAL_LEADSPACE_TOKEN], ...options, port });
    return this.leadspace;
  }

  private get bucket(): string {
    return this.deployment.environment.DATA_BUCKET!;
  }

  private jobs(): JobsRepository {
    return new JobsRepository(this.deployment.environment.JOBS_TABLE!, Number(this.deployment.environment.LEAD_DATA_EXPIRY_DAYS));
  }

  /**
   * Asks a running job to stop as DELETE /jobs/{id} does: nothing more is sent, what the vendors accepted is
   * collected, and the job ends CANCELLED with every row. False when it already ended.
   */
  async cancel(jobId: string): Promise<boolean> {
    return this.jobs().requestCancel(jobId, new Date());
  }

  /**
   * The file's estimate as POST /jobs?dryRun=true makes it: uploaded under estimates/, read by the estimate
   * function through the Lambda endpoint, deleted after. Nothing is bought and no job is created.
   */
  async estimate(file: string, jobOptions: JobOptions = {}): Promise<JobEstimate> {
    const key = `${ESTIMATES_PREFIX}${randomUUID()}/${basename(file)}`;
    await new Upload({ client: s3Client(), params: { Bucket: this.bucket, Key: key, Body: createReadStream(file) } }).done();
    try {
      return await lambdaEstimator(this.deployment.environment.ESTIMATE_FUNCTION_NAME!).estimate(key, jobOptions);
    } finally {
      await deleteObject(this.bucket, key);
    }
  }

  /** Uploads the file as an API upload would and runs the job's execution to the end. */
  async runJob(file: string, options: RunJobOptions = {}): Promise<JobRun> {
    const started = Date.now();
    const jobId = options.jobId ?? randomUUID();
    const inputKey = `${INPUTS_PREFIX}${jobId}/${basename(file)}`;
    await new Upload({ client: s3Client(), params: { Bucket: this.bucket, Key: inputKey, Body: createReadStream(file) } }).done();
    const jobs = this.jobs();
    const jobOptions: JobOptions = { ...options.jobOptions, ...(options.columnMapping && { columnMapping: options.columnMapping }) };
    await jobs.createIfAbsent({ jobId, inputKey, source: 'cli', fileName: basename(file), options: jobOptions }, new Date());

    return this.execute(jobId, inputKey, options, started);
  }

  private async execute(jobId: string, inputKey: string, options: RunJobOptions, started: number): Promise<JobRun> {
    this.executions.start(jobId, { jobId, inputKey }, options.onEvent);
    return this.finish(jobId, jobId, options, started);
  }

  private async finish(jobId: string, executionName: string, options: RunJobOptions, started: number): Promise<JobRun> {
    const jobs = this.jobs();
    const progress = options.onProgress ? this.watchProgress(jobId, options.onProgress) : undefined;
    const { outcome: execution, machine } = await this.executions.wait(executionName).finally(() => progress?.stop());
    const job = (await jobs.get(jobId))!;
    options.onProgress?.(toProgress(job));
    const summary = job.outputs?.summary ? JSON.parse(await this.readText(job.outputs.summary)) : undefined;
    return { jobId, execution, job, summary, stateTransitions: machine.stateTransitions, history: machine.history, durationMs: Date.now() - started };
  }

  /**
   * Starts a follow-up of an ended job as POST /jobs/{id}/resume or /reprocess does (lambdas/app/followUp.ts) and runs
   * it to the end. Undefined when the job's state allows no such follow-up.
   */
  async followUp(jobId: string, kind: FollowUp, options: Omit<RunJobOptions, 'jobId'> = {}): Promise<JobRun | undefined> {
    const started = Date.now();
    let name: string | undefined;
    const outcome = await startFollowUp(jobId, kind, {
      jobs: {
        get: (id) => this.jobs().get(id),
        reopen: (id, k) => this.jobs().reopen(id, k, new Date()),
        restore: async (id, { status }) => void (await this.jobs().transition(id, 'RUNNING', status, new Date())),
      },
      executions: {
        followUp: async (id, inputKey, k, count) => {
          name = followUpExecutionName(id, k, count);
          this.executions.start(name, followUpInput(id, inputKey, k), options.onEvent);
          return 'started';
        },
      },
    });
    if (outcome.kind !== 'started' || name === undefined) return undefined;
    return this.finish(jobId, name, options, started);
  }

  /** Runs a job whose leads come from a HeroBase lead search (`jobOptions.heroBaseSearch`) rather than a file. */
  async runSearchJob(options: RunJobOptions & { jobOptions: JobOptions & Required<Pick<JobOptions, 'heroBaseSearch'>> }): Promise<JobRun> {
    const started = Date.now();
    const jobId = options.jobId ?? randomUUID();
    const inputKey = jobLayout(jobId).searchInput;
    await this.jobs().createIfAbsent({ jobId, inputKey, source: 'herobase', options: options.jobOptions }, new Date());
    return this.execute(jobId, inputKey, options, started);
  }

  /** Copies the job's result files into a folder; returns the paths written. */
  async downloadOutputs(job: JobRecord, directory: string): Promise<string[]> {
    await mkdir(directory, { recursive: true });
    const written: string[] = [];
    for (const [name, file] of Object.entries(OUTPUT_FILES)) {
      const key = job.outputs?.[name];
      if (!key) continue;
      const out = await s3Client().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const target = join(directory, file);
      await pipeline(out.Body as Readable, createWriteStream(target));
      written.push(target);
    }
    return written;
  }

  async readText(key: string, bucket = this.bucket): Promise<string> {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body!.transformToString('utf-8');
  }

  private watchProgress(jobId: string, onProgress: (p: JobProgress) => void): { stop(): void } {
    const jobs = this.jobs();
    const timer = setInterval(() => {
      jobs.get(jobId).then(
        (job) => job && onProgress(toProgress(job)),
        () => undefined,
      );
    }, 200);
    return { stop: () => clearInterval(timer) };
  }

  async close(): Promise<void> {
    await Promise.all(this.background);
    await this.leadspace?.close().catch(() => undefined);
    await this.leadGeniusSimulator?.close().catch(() => undefined);
    await this.aggKnowledgeSimulator?.close().catch(() => undefined);
    await this.heroBaseSimulator?.close().catch(() => undefined);
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
  }
}

const toProgress = (job: JobRecord): JobProgress => ({
  status: job.status,
  rows: job.rows ?? 0,
  batchesDone: (job.batchesDone ?? 0) + (job.batchesFailed ?? 0),
  batchCount: job.batchCount ?? 0,
  ...(job.intake && { intake: job.intake }),
});
