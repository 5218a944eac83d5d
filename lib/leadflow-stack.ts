import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { validateConfig, type LeadflowConfig } from './config';
import { Monitoring } from './monitoring';
import { Dashboard } from './dashboard';
import { TokenReminders } from './token-reminders';
import { PublicApi } from './public-api';
import { VendorSecrets } from './secrets';
import { Storage } from './storage';
import { Workflow } from './workflow';
import { JobApi } from './job-api';
import { WebConsole } from './console';
import { Ingest } from './ingest';
import { JobEvents } from './job-events';
import { acknowledgeWildcard, arnOf } from './nag';
import { acknowledgeNoWaf, PublicApiWaf } from './waf';

export interface LeadflowStackProps extends StackProps {
  readonly config: LeadflowConfig;
  /**
   * Keep the data bucket and tables when the stack is deleted.
   * @default true
   */
  readonly retainData?: boolean;
}

/** Everything Leadflow runs on in one account and region. */
export class LeadflowStack extends Stack {
  readonly storage: Storage;
  readonly secrets: VendorSecrets;
  readonly publicApi: PublicApi;
  readonly workflow: Workflow;
  readonly monitoring: Monitoring;
  readonly jobApi: JobApi;
  /** The web console at <JobApiUrl>/console. */
  readonly webConsole: WebConsole;
  readonly ingest: Ingest;
  readonly jobEvents: JobEvents;
  readonly tokenReminders: TokenReminders;
  readonly dashboard: Dashboard;
  /** The web ACL in front of the public API, with `-c waf=true`. */
  readonly waf?: PublicApiWaf;

  constructor(scope: Construct, id: string, props: LeadflowStackProps) {
    super(scope, id, props);
    const config = validateConfig(props.config);

    this.storage = new Storage(this, 'Storage', {
      leadDataExpiryDays: config.leadDataExpiryDays,
      retainData: props.retainData,
    });
    this.secrets = new VendorSecrets(this, 'Secrets');
    // The API comes before the workflow (Submit needs its URL) and gets its routes after (they need the state
    // machine): see PublicApi. Its construct id predates the job API; renaming it would replace the RestApi and
    // change every URL.
    this.publicApi = new PublicApi(this, 'Callbacks');
    this.workflow = new Workflow(this, 'Workflow', {
      config,
      storage: this.storage,
      secrets: this.secrets,
      callbackBaseUrl: this.publicApi.baseUrl,
    });
    this.publicApi.addCallbackRoute({
      stateMachine: this.workflow.stateMachine,
      batchesTable: this.storage.batchesTable,
      signingKey: this.secrets.callbackSigningKey,
    });
    const common = { storage: this.storage, stateMachine: this.workflow.stateMachine, config };
    this.jobApi = new JobApi(this, 'JobApi', {
      ...common,
      api: this.publicApi.api,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      monthlyQuota: config.apiMonthlyQuota,
      teams: config.teamApiKeys,
      secrets: this.secrets,
    });
    this.webConsole = new WebConsole(this, 'Console', { api: this.publicApi.api });
    // Optional: billed per month and per request (README, "Security").
    if (config.waf) {
      this.waf = new PublicApiWaf(this, 'Waf', {
        stage: this.publicApi.api.deploymentStage,
        rateLimit: config.wafRateLimit,
        callbackRateLimit: config.wafCallbackRateLimit,
      });
    } else {
      acknowledgeNoWaf(this.publicApi.api.deploymentStage);
    }
    this.ingest = new Ingest(this, 'Ingest', common);
    this.jobEvents = new JobEvents(this, 'JobEvents', { ...common, merge: this.workflow.functions.merge, secrets: this.secrets });
    acknowledgeWildcard(
      this,
      `Resource::${arnOf(this.storage.jobsTable)}/index/*`,
      "Table grants include the jobs table's indexes; byCreatedAt and byOwner list jobs newest first",
    );
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stateMachine: this.workflow.stateMachine,
      alarmEmail: config.alarmEmail,
      functions: {
        ...this.workflow.functions,
        callback: this.publicApi.callbackFunction!,
        api: this.jobApi.function,
        estimate: this.jobApi.estimate.function,
        console: this.webConsole.function,
        ingest: this.ingest.function,
        webhook: this.jobEvents.webhook,
      },
      retriedFunctions: ['submit', 'poll'],
      deadLetterQueues: { jobEventsDeadLetters: this.jobEvents.deadLetters, ingestFailures: this.ingest.failures },
    });
    this.tokenReminders = new TokenReminders(this, 'TokenReminders', { secrets: this.secrets, topic: this.monitoring.topic });
    this.monitoring.watchFunction('tokenAge', this.tokenReminders.function);
    this.dashboard = new Dashboard(this, 'Dashboard', { stateMachine: this.workflow.stateMachine, alarms: this.monitoring.alarms });

    new CfnOutput(this, 'DataBucketName', { value: this.storage.dataBucket.bucketName, description: 'Lead data bucket' });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn, description: 'Enrichment workflow' });
    new CfnOutput(this, 'CallbackBaseUrl', { value: this.publicApi.baseUrl, description: 'Vendor callback URLs start here' });
    new CfnOutput(this, 'LeadspaceSecretArn', {
      value: this.secrets.leadspace.secretArn,
      description: 'Put the Leadspace token here: {"token":"...","programId":"..."}',
    });
    new CfnOutput(this, 'LeadGeniusSecretArn', { value: this.secrets.leadGenius.secretArn, description: 'Put the LeadGenius key here: {"apiKey":"..."}' });
    new CfnOutput(this, 'AggKnowledgeSecretArn', {
      value: this.secrets.aggKnowledge.secretArn,
      description: 'Put the AggKnowledge key here: {"apiKey":"..."}',
    });
    new CfnOutput(this, 'HeroBaseSecretArn', {
      value: this.secrets.heroBase.secretArn,
      description: 'Put the HeroBase API user here: {"username":"...","password":"...","baseUrl":"https://<subdomain>"}',
    });
    new CfnOutput(this, 'CallbackSigningSecretArn', { value: this.secrets.callbackSigningKey.secretArn, description: 'Callback URL signing key' });
    new CfnOutput(this, 'JobApiUrl', { value: this.publicApi.baseUrl, description: 'Job API base URL (send x-api-key)' });
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.publicApi.baseUrl}/console`, description: 'The web console (enter the API key there)' });
    new CfnOutput(this, 'ApiKeyId', {
      value: this.jobApi.apiKey.keyId,
      description: "The operator's job API key, which sees every job: aws apigateway get-api-key --api-key <id> --include-value",
    });
    for (const [team, key] of this.jobApi.teamKeys) {
      new CfnOutput(this, `TeamApiKeyId${team}`, {
        value: key.keyId,
        description: `Team ${team}'s job API key, which sees its own jobs: aws apigateway get-api-key --api-key <id> --include-value`,
      });
    }
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName, description: 'CloudWatch dashboard' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Alarm notifications' });
  }
}
