import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import { leadDataProtectionPolicy } from './log-data-protection';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { HandlerConfig } from '../lambdas/aws/config';
import { INBOX_PREFIX, INPUTS_PREFIX, UPLOADS_PREFIX } from '../lambdas/core/dropFolder';
import { jobLayout } from '../lambdas/core/jobLayout';
import type { LeadflowConfig } from './config';
import { LeadflowFunction, type LeadflowFunctionProps } from './lambda-function';
import { acknowledgeWildcard, arnOf, logicalIdOf } from './nag';
import type { VendorSecrets } from './secrets';
import type { Storage } from './storage';
import { ERROR_NAMES } from '../lambdas/core/errorNames';
import { SETTING_ENV_NAMES, settingsEnvironment } from '../lambdas/core/settings';
import { environmentNames } from '../lambdas/aws/functionEnvironment';

export interface WorkflowProps {
  readonly config: LeadflowConfig;
  readonly storage: Storage;
  readonly secrets: VendorSecrets;
  /** Stage URL the callback URLs start with (see PublicApi.baseUrl). */
  readonly callbackBaseUrl: string;
}

/** The workflow's Lambda functions, one per task. */
export interface WorkflowFunctions {
  readonly preflight: LeadflowFunction;
  readonly export: LeadflowFunction;
  readonly prepare: LeadflowFunction;
  readonly planStep: LeadflowFunction;
  readonly submit: LeadflowFunction;
  readonly await: LeadflowFunction;
  readonly poll: LeadflowFunction;
  readonly reprocess: LeadflowFunction;
  readonly batchFailed: LeadflowFunction;
  readonly merge: LeadflowFunction;
}

/** Names of the environment variables handlers read (lambdas/aws/config.ts), checked at compile time. */
/** The workflow's own functions never start executions or sign webhooks: those variables belong elsewhere. */
type EnvName = Exclude<keyof HandlerConfig, 'STATE_MACHINE_ARN' | 'ESTIMATE_FUNCTION_NAME' | 'WEBHOOK_SIGNING_SECRET_ID' | 'OPERATOR_API_KEY_ID'>;

/** Errors the handlers throw by name, spelled once (lambdas/core/errorNames.ts). */
const {
  vendorTransient: VENDOR_TRANSIENT,
  vendorFatal: VENDOR_FATAL,
  submissionInProgress: SUBMISSION_IN_PROGRESS,
  callbackAlreadyReceived: CALLBACK_ALREADY_RECEIVED,
} = ERROR_NAMES;

/** All object keys a job writes start with `jobs/<jobId>/`. */
const JOB_OBJECTS = 'jobs/*';

/**
 * The enrichment workflow: a Standard state machine that prepares a job, runs every batch through the vendor
 * (submit, await the callback or poll and collect) in a distributed Map, and merges the results.
 *
 * State names and payload shapes are an interface: the local runtime binds handlers by state name and runs this
 * very definition. Payloads carry ids, keys and counts only, never lead data.
 */
export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: WorkflowFunctions;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { config, storage, secrets } = props;
    const { dataBucket: bucket, jobsTable: jobs, batchesTable: batches } = storage;

    const env: Record<EnvName, string> = {
      JOBS_TABLE: jobs.tableName,
      BATCHES_TABLE: batches.tableName,
      DATA_BUCKET: bucket.bucketName,
      // ARNs, never values: handlers read the secrets at run time.
      LEADSPACE_SECRET_ID: secrets.leadspace.secretArn,
      CALLBACK_SIGNING_SECRET_ID: secrets.callbackSigningKey.secretArn,
      CALLBACK_BASE_URL: props.callbackBaseUrl,
      LEADGENIUS_SECRET_ID: secrets.leadGenius.secretArn,
      AGGKNOWLEDGE_SECRET_ID: secrets.aggKnowledge.secretArn,
      HEROBASE_SECRET_ID: secrets.heroBase.secretArn,
      CACHE_TABLE: storage.cacheTable.tableName,
      LIMITS_TABLE: storage.limitsTable.tableName,
      // Limits, intervals and vendor URLs, as configured (lambdas/core/settings.ts).
      ...settingsEnvironment(config, ...SETTING_ENV_NAMES),
      // Merge announces finished jobs on the default bus ("Leadflow Job Completed").
      EVENT_BUS_NAME: 'default',
    };
    const fn = (name: keyof WorkflowFunctions, options: Omit<LeadflowFunctionProps, 'handler' | 'environment'>) =>
      new LeadflowFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        handler: name,
        description: options.description,
        memorySize: options.memorySize,
        timeout: options.timeout,
        // Each function gets only the variables its handler reads (lambdas/aws/functionEnvironment.ts).
        environment: Object.fromEntries(
          environmentNames(name).map((key) => {
            if (!(key in env)) throw new Error(`The workflow has no value for ${key}, which the ${name} function reads`);
            return [key, env[key as EnvName]];
          }),
        ),
      });

    const f: WorkflowFunctions = {
      preflight: fn('preflight', {
        description: 'Checks what the job will need at the end (HeroBase rights, the campaign) before anything is bought',
        memorySize: 256,
        timeout: Duration.seconds(150),
      }),
      export: fn('export', {
        description: "Pushes the enriched leads into the job's HeroBase campaign, validated and paced, once each",
        memorySize: 512,
        // One slice is 10 minutes of sending (lambdas/handlers/export.ts); the state machine calls it again.
        timeout: Duration.minutes(15),
      }),
      prepare: fn('prepare', {
        description: "Reads the input (or a HeroBase lead search), validates and dedupes leads, writes the row plan and the leads' first state",
        memorySize: 1024,
        timeout: Duration.minutes(15),
      }),
      planStep: fn('planStep', {
        description: "Folds a plan step's answers in and plans the next: rules, cross-job cache, budget, batches",
        memorySize: 1024,
        timeout: Duration.minutes(15),
      }),
      submit: fn('submit', {
        description: 'Sends a batch round to its vendor, at most once, within the shared rate limits',
        memorySize: 256,
        // Above the client's worst case (4 attempts of 30 s plus backoff), so retries end in VendorTransientError;
        // below the 180 s after which a claimed round counts as abandoned (lambdas/handlers/submit.ts).
        timeout: Duration.seconds(150),
      }),
      await: fn('await', {
        description: 'Parks the task token on the batch until the vendor calls back',
        memorySize: 128,
        timeout: Duration.seconds(10),
      }),
      poll: fn('poll', {
        description: "Asks the vendor for a batch round's results; when ready, keeps them, caches the answers and writes each record's outcome",
        memorySize: 512,
        // The client's worst case (4 attempts of 30 s plus backoff, so retries end in VendorTransientError), then
        // collecting the round.
        timeout: Duration.minutes(5),
      }),
      reprocess: fn('reprocess', {
        description: "Reads a job's kept vendor answers again (leadflow reprocess) and re-caches them",
        memorySize: 512,
        timeout: Duration.minutes(15),
      }),
      batchFailed: fn('batchFailed', {
        description: 'Marks a batch failed so its rows end as failed, and gives back its share of the vendor backlog',
        memorySize: 128,
        timeout: Duration.seconds(30),
      }),
      merge: fn('merge', {
        description: "Writes the enriched outputs in input order and the job's final status",
        memorySize: 1024,
        timeout: Duration.minutes(15),
      }),
    };
    this.functions = f;
    this.grantAccess(props);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps Step Functions from growing the account's log resource policy.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-workflow`,
      retention: logs.RetentionDays.ONE_MONTH,
      dataProtectionPolicy: leadDataProtectionPolicy('workflow-lead-data'),
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(f, config)),
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      // A timeout ends the execution beyond any Catch: JobEvents' TimedOut rule merges the job then.
      timeout: Duration.hours(config.executionTimeoutHours),
      tracingEnabled: true,
      // Every event, but without inputs and outputs: they carry no lead data today, and this keeps it so.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // The distributed Map reads the job's manifest itself (its ItemReader names the bucket by path, so CDK
    // cannot derive this permission).
    bucket.grantRead(this.stateMachine, jobLayout('*').manifest('*'));
    this.acknowledgeStateMachineWildcards(bucket);
  }

  private definition(f: WorkflowFunctions, config: LeadflowConfig): sfn.IChainable {
    const ids = { jobId: sfn.JsonPath.stringAt('$.jobId'), batchId: sfn.JsonPath.stringAt('$.batchId') };
    const invoke = (
      stateName: string,
      target: LeadflowFunction,
      payload: Record<string, unknown>,
      options: Omit<tasks.LambdaInvokeJsonPathProps, 'lambdaFunction' | 'payload'> = {},
    ) =>
      tasks.LambdaInvoke.jsonPath(this, stateName, {
        lambdaFunction: target.function,
        payload: sfn.TaskInput.fromObject(payload),
        // Retries Lambda's own transient errors (service exceptions) with backoff.
        retryOnServiceExceptions: true,
        ...options,
      }).addRetry({
        // Not among CDK's service exceptions: an account at its concurrency limit throttles invocations.
        errors: ['Lambda.TooManyRequestsException'],
        interval: Duration.seconds(2),
        maxAttempts: 6,
        backoffRate: 2,
        jitterStrategy: sfn.JitterType.FULL,
      });
    const vendorRetry: sfn.RetryProps = {
      errors: [VENDOR_TRANSIENT],
      interval: Duration.seconds(30),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    };
    const toError = { resultPath: '$.error' };

    // ---- one batch (the distributed Map's item processor; input { jobId, batchId }) ----
    // BatchDone outputs only the batch id. Without a ResultWriter the Map gathers every child's output into
    // one result (ResultPath discards it only afterwards), which must fit the 256 KiB payload limit: ~12 bytes
    // a batch keeps that true up to about 20,000 batches a step, with no S3 writes or IAM for it.
    const batchDone = sfn.Succeed.jsonPath(this, 'BatchDone', { outputPath: '$.batchId' });
    const batchFatal = sfn.Fail.jsonPath(this, 'BatchFatal', {
      error: VENDOR_FATAL,
      cause: 'Vendor refused the batch; see the job record',
    });
    // Only the error name goes on: a Cause can quote vendor responses. If even recording the failure fails, the
    // batch still ends (its rows read as not processed) rather than failing the whole Map.
    const batchFailed = invoke(
      'BatchFailed',
      f.batchFailed,
      { ...ids, error: sfn.JsonPath.stringAt('$.error.Error') },
      {
        resultPath: sfn.JsonPath.DISCARD,
      },
    )
      .addCatch(batchDone, { errors: [sfn.Errors.ALL], resultPath: sfn.JsonPath.DISCARD })
      .next(batchDone);
    // Submit and Poll both say where the batch stands: { sent, ready, waitSeconds, callsBack }.
    const progress = {
      resultSelector: {
        sent: sfn.JsonPath.stringAt('$.Payload.sent'),
        ready: sfn.JsonPath.stringAt('$.Payload.ready'),
        waitSeconds: sfn.JsonPath.numberAt('$.Payload.waitSeconds'),
        callsBack: sfn.JsonPath.stringAt('$.Payload.callsBack'),
      },
      resultPath: '$.progress',
    };

    const submit = invoke('Submit', f.submit, ids, progress)
      .addRetry(vendorRetry)
      // Another attempt holds the round's claim (a retry racing a slow first attempt): wait for it to finish.
      .addRetry({ errors: [SUBMISSION_IN_PROGRESS], interval: Duration.seconds(60), maxAttempts: 4, backoffRate: 1.5 })
      .addCatch(batchFatal, { errors: [VENDOR_FATAL] })
      .addCatch(batchFailed, { errors: [sfn.Errors.ALL], ...toError });
    // Poll collects a ready round in the same invocation, and says whether the batch goes round again.
    const poll = invoke('Poll', f.poll, ids, {
      resultSelector: { ...progress.resultSelector, retry: sfn.JsonPath.stringAt('$.Payload.retry') },
      resultPath: progress.resultPath,
    })
      .addRetry(vendorRetry)
      .addCatch(batchFatal, { errors: [VENDOR_FATAL] })
      .addCatch(batchFailed, { errors: [sfn.Errors.ALL], ...toError });
    // Waits for the vendor's callback, the normal path, for longer than its usual processing time
    // (awaitCallbackSeconds): a callback that never comes must not stall the batch, so on timeout (or when the
    // callback beat us) we poll.
    const awaitCallback = invoke(
      'Await',
      f.await,
      { ...ids, taskToken: sfn.JsonPath.taskToken },
      {
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(config.awaitCallbackSeconds)),
        resultPath: sfn.JsonPath.DISCARD,
      },
    )
      .addCatch(poll, { errors: [sfn.Errors.TIMEOUT, CALLBACK_ALREADY_RECEIVED], resultPath: sfn.JsonPath.DISCARD })
      .addCatch(batchFailed, { errors: [sfn.Errors.ALL], ...toError });
    const wait = (name: string) => sfn.Wait.jsonPath(this, name, { time: sfn.WaitTime.secondsPath('$.progress.waitSeconds') });
    // The others are slept on between polls, with the backoff Poll says.
    const backoff = wait('Backoff').next(poll);
    const collected = sfn.Choice.jsonPath(this, 'Collected')
      .when(sfn.Condition.and(sfn.Condition.booleanEquals('$.progress.ready', true), sfn.Condition.booleanEquals('$.progress.retry', true)), submit)
      .when(sfn.Condition.booleanEquals('$.progress.ready', true), batchDone)
      // A vendor that calls back is awaited again rather than slept on: its callback ends the wait.
      .when(sfn.Condition.booleanEquals('$.progress.callsBack', true), awaitCallback)
      .otherwise(backoff);
    // The shared rate limit had no room: nothing was sent; submit again when it will have.
    const sent = sfn.Choice.jsonPath(this, 'Sent')
      // A batch collected before the job was resumed: nothing to do.
      .when(sfn.Condition.booleanEquals('$.progress.ready', true), batchDone)
      .when(sfn.Condition.booleanEquals('$.progress.sent', false), wait('Throttle').next(submit))
      .when(sfn.Condition.booleanEquals('$.progress.callsBack', true), awaitCallback)
      .otherwise(backoff);
    const oneBatch = submit.next(sent);
    awaitCallback.next(poll);
    poll.next(collected);

    // ---- the job (input { jobId, inputKey }) ----
    const jobFailed = sfn.Fail.jsonPath(this, 'JobFailed', { error: 'JobFailed', cause: 'See the job record for the reason' });
    // Merges what exists and records the failure on the job. Retries only Lambda's own errors: if Merge
    // itself is what failed, running it again in a loop would not help.
    const recordFailure = invoke(
      'RecordFailure',
      f.merge,
      {
        jobId: sfn.JsonPath.stringAt('$.jobId'),
        failure: { error: sfn.JsonPath.stringAt('$.error.Error'), cause: sfn.JsonPath.stringAt('$.error.Cause') },
      },
      { resultPath: sfn.JsonPath.DISCARD },
    ).next(jobFailed);

    // Checks what the end of the job needs (a HeroBase export's rights and campaign) while nothing is bought yet.
    const preflight = invoke(
      'Preflight',
      f.preflight,
      { jobId: sfn.JsonPath.stringAt('$.jobId') },
      {
        resultPath: sfn.JsonPath.DISCARD,
      },
    )
      .addRetry(vendorRetry)
      .addCatch(recordFailure, toError);

    const prepare = invoke(
      'Prepare',
      f.prepare,
      {
        jobId: sfn.JsonPath.stringAt('$.jobId'),
        inputKey: sfn.JsonPath.stringAt('$.inputKey'),
      },
      {
        resultSelector: { next: sfn.JsonPath.numberAt('$.Payload.next') },
        resultPath: '$.step',
      },
    ).addCatch(recordFailure, toError);

    // PlanStep and Resume both say which step's batches run next: { next, done, bucket, manifestKey, batchCount }.
    const stepPlanned = {
      resultSelector: {
        next: sfn.JsonPath.numberAt('$.Payload.next'),
        done: sfn.JsonPath.stringAt('$.Payload.done'),
        bucket: sfn.JsonPath.stringAt('$.Payload.bucket'),
        manifestKey: sfn.JsonPath.stringAt('$.Payload.manifestKey'),
        batchCount: sfn.JsonPath.numberAt('$.Payload.batchCount'),
      },
      resultPath: '$.step',
    };
    // The waterfall: each step is planned on what earlier steps found, then its batches run.
    const planStep = invoke(
      'PlanStep',
      f.planStep,
      {
        jobId: sfn.JsonPath.stringAt('$.jobId'),
        step: sfn.JsonPath.numberAt('$.step.next'),
      },
      {
        ...stepPlanned,
      },
    ).addCatch(recordFailure, toError);

    const merge = invoke(
      'Merge',
      f.merge,
      { jobId: sfn.JsonPath.stringAt('$.jobId') },
      {
        resultSelector: { status: sfn.JsonPath.stringAt('$.Payload.status') },
        resultPath: '$.merged',
      },
    )
      .addCatch(recordFailure, toError)
      .next(sfn.Succeed.jsonPath(this, 'Done'));

    const batchesMap = sfn.DistributedMap.jsonPath(this, 'Batches', {
      // The manifest PlanStep wrote: a JSON array of { "batchId": "s1-b00001", "records": 500 }.
      itemReader: new sfn.S3JsonItemReader({
        bucketNamePath: sfn.JsonPath.stringAt('$.step.bucket'),
        key: sfn.JsonPath.stringAt('$.step.manifestKey'),
      }),
      itemSelector: { jobId: sfn.JsonPath.stringAt('$.jobId'), batchId: sfn.JsonPath.stringAt('$$.Map.Item.Value.batchId') },
      maxConcurrency: config.maxConcurrentBatches,
      // Any child failing fails the Map (a batch the vendor only partly processed ends in BatchFailed and
      // succeeds): only a fatal vendor refusal gets here. 0 is the service default, so CDK omits it.
      toleratedFailurePercentage: 0,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: sfn.JsonPath.DISCARD,
    })
      .itemProcessor(oneBatch)
      .addCatch(recordFailure, toError)
      .next(planStep);

    // After the last step: the export (a no-op without one), in slices until it says it is done.
    const exportLeads = invoke(
      'Export',
      f.export,
      { jobId: sfn.JsonPath.stringAt('$.jobId') },
      {
        resultSelector: { done: sfn.JsonPath.stringAt('$.Payload.done') },
        resultPath: '$.export',
      },
    )
      // A retried slice carries on from the ledger: nothing is sent twice.
      .addRetry(vendorRetry)
      .addCatch(recordFailure, toError);
    exportLeads.next(sfn.Choice.jsonPath(this, 'Exported').when(sfn.Condition.booleanEquals('$.export.done', true), merge).otherwise(exportLeads));

    const hasBatches = sfn.Choice.jsonPath(this, 'HasBatches')
      .when(sfn.Condition.booleanEquals('$.step.done', true), exportLeads)
      .when(sfn.Condition.numberGreaterThan('$.step.batchCount', 0), batchesMap)
      .otherwise(planStep);

    // `leadflow resume` / POST /jobs/{id}/resume: a job that failed (credentials, credits, an outage) goes on where it
    // stopped. Resume reopens the last step's unfinished batches (lambdas/app/resumeBatches.ts); batches a vendor
    // accepted are polled by the ids stored, never sent again.
    const resume = invoke(
      'Resume',
      f.planStep,
      { jobId: sfn.JsonPath.stringAt('$.jobId'), resume: true },
      {
        ...stepPlanned,
      },
    )
      .addCatch(recordFailure, toError)
      .next(hasBatches);
    // `leadflow reprocess` / POST /jobs/{id}/reprocess: the vendor answers the job kept are read again with the code
    // that runs now (lambdas/app/reprocessJob.ts, in the Reprocess function: it reads and writes what collecting does), and
    // the outputs are merged again. No vendor is called.
    const reprocess = invoke(
      'Reprocess',
      f.reprocess,
      { jobId: sfn.JsonPath.stringAt('$.jobId') },
      {
        resultPath: sfn.JsonPath.DISCARD,
      },
    )
      .addCatch(recordFailure, toError)
      .next(merge);
    preflight.next(prepare).next(planStep).next(hasBatches);
    return sfn.Choice.jsonPath(this, 'FollowUp')
      .when(sfn.Condition.isPresent('$.resume'), resume)
      .when(sfn.Condition.isPresent('$.reprocess'), reprocess)
      .otherwise(preflight);
  }

  /**
   * Least privilege per function, through grants only. Bucket access is read and put, never delete (objects
   * expire), and limited to `jobs/` except where noted. Each grant acknowledges the wildcards it brings.
   */
  private grantAccess({ storage, secrets }: WorkflowProps): void {
    const { preflight, export: exportFn, prepare, planStep, submit, await: awaitFn, poll, reprocess, batchFailed, merge } = this.functions;
    const { dataBucket: bucket, jobsTable: jobs, batchesTable: batches, cacheTable: cache, limitsTable: limits } = storage;
    const objects = (keys: string) => `Resource::${arnOf(bucket)}/${keys}`;
    const perJob = 'Object keys are per job (jobs/<jobId>/...) and the function serves whichever job it is given';
    const readObjects = (target: LeadflowFunction, keys = JOB_OBJECTS, reason = perJob) => {
      bucket.grantRead(target, keys);
      target.acknowledgeWildcard(objects(keys), reason);
      acknowledgeS3Read(
        (finding, why) => target.acknowledgeWildcard(finding, why),
        'listing makes a missing object read as 404, not 403: handlers treat absent optional files as empty',
      );
    };
    const putObjects = (target: LeadflowFunction) => {
      bucket.grantPut(target, JOB_OBJECTS);
      target.acknowledgeWildcard(objects(JOB_OBJECTS), perJob);
      target.acknowledgeWildcard('Action::s3:Abort*', 'grantPut: lets the function abort its own failed multipart uploads');
    };
    const vendorSecrets = [secrets.leadspace, secrets.leadGenius, secrets.aggKnowledge];

    jobs.grantReadData(preflight);
    secrets.heroBase.grantRead(preflight);
    limits.grantReadWriteData(preflight);

    jobs.grantReadData(exportFn);
    readObjects(exportFn);
    putObjects(exportFn);
    secrets.heroBase.grantRead(exportFn);
    limits.grantReadWriteData(exportFn);
    // The export ledger lives in the cache table (lambdas/aws/exportLedger.ts).
    cache.grantReadWriteData(exportFn);

    // The job input is under one of the prefixes a job starts from (API body, presigned upload, drop folder), or
    // under the job's own prefix (a HeroBase search's export).
    for (const prefix of [INPUTS_PREFIX, UPLOADS_PREFIX, INBOX_PREFIX]) {
      readObjects(prepare, `${prefix}*`, `Reads the job input, which the API, an upload or the drop folder put under ${prefix}<name>`);
    }
    readObjects(prepare);
    putObjects(prepare);
    jobs.grantReadWriteData(prepare);
    secrets.heroBase.grantRead(prepare);

    readObjects(planStep);
    putObjects(planStep);
    jobs.grantReadWriteData(planStep);
    batches.grantReadWriteData(planStep);
    cache.grantReadData(planStep);

    readObjects(submit);
    batches.grantReadWriteData(submit);
    jobs.grantReadWriteData(submit);
    limits.grantReadWriteData(submit);
    for (const secret of vendorSecrets) secret.grantRead(submit);
    secrets.callbackSigningKey.grantRead(submit);

    batches.grantReadWriteData(awaitFn);

    // Poll collects a ready round: it counts on the job what was billed and caches the answers.
    readObjects(poll);
    putObjects(poll);
    batches.grantReadWriteData(poll);
    jobs.grantReadWriteData(poll);
    cache.grantWriteData(poll);
    // Poll's vendor limits; collecting, BatchFailed and a stopped job's Merge give back a round's Leadspace backlog.
    limits.grantReadWriteData(poll);
    for (const secret of vendorSecrets) secret.grantRead(poll);

    readObjects(reprocess);
    putObjects(reprocess);
    batches.grantReadWriteData(reprocess);
    jobs.grantReadWriteData(reprocess);
    cache.grantWriteData(reprocess);

    batches.grantReadWriteData(batchFailed);
    jobs.grantReadWriteData(batchFailed);
    limits.grantReadWriteData(batchFailed);

    readObjects(merge);
    putObjects(merge);
    jobs.grantReadWriteData(merge);
    batches.grantReadData(merge);
    limits.grantReadWriteData(merge);
    events.EventBus.fromEventBusName(this, 'DefaultBus', 'default').grantPutEventsTo(merge);
  }

  private acknowledgeStateMachineWildcards(bucket: Construct): void {
    const role = this.stateMachine.role;
    for (const target of Object.values(this.functions) as LeadflowFunction[]) {
      acknowledgeWildcard(
        role,
        `Resource::${arnOf(target.function)}:*`,
        'CDK grants invoke on the function and its versions/aliases (ARN:*); all are this one function',
      );
    }
    acknowledgeWildcard(role, 'Resource::*', 'CloudWatch Logs vended-delivery actions and X-Ray tracing actions support no resource-level permissions');
    acknowledgeWildcard(
      role,
      `Resource::${arnOf(bucket)}/${jobLayout('*').manifest('*')}`,
      'The distributed Map reads the manifest of whichever job and plan step it runs: one fixed key per job and step',
    );
    acknowledgeS3Read((finding, why) => acknowledgeWildcard(role, finding, why), 'listing is part of the read grant; the Map reads one known key per job');

    // The distributed Map runs each batch as a child execution of this state machine, named at run time.
    const mapPolicy = this.stateMachine.node.findChild('DistributedMapPolicy');
    const executions =
      `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:` +
      `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalIdOf(this.stateMachine)}"}]}]}`;
    acknowledgeWildcard(
      mapPolicy,
      `Resource::${executions}:*`,
      "Describe/stop the Map's child executions of this state machine; their names are chosen at run time",
    );
    acknowledgeWildcard(
      mapPolicy,
      `Resource::${executions}/*:*`,
      "Redrive the Map's child executions of this state machine; their names are chosen at run time",
    );
  }
}

/** Acknowledges the action wildcards `bucket.grantRead` brings. */
function acknowledgeS3Read(acknowledge: (finding: string, reason: string) => void, listReason: string): void {
  acknowledge('Action::s3:GetObject*', 'grantRead: GetObject and its variants, on the granted keys only');
  acknowledge('Action::s3:GetBucket*', 'grantRead: bucket metadata only, no object data');
  acknowledge('Action::s3:List*', `grantRead: ${listReason}`);
}
