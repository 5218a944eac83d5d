import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import type { VendorSecrets } from './secrets';

export interface TokenRemindersProps {
  readonly secrets: VendorSecrets;
  /** Where reminders go (the alarm topic). */
  readonly topic: sns.ITopic;
}

/**
 * A daily look at each vendor token's age (lambdas/handlers/tokenAge.ts): a `TokenAgeDays` metric per vendor, and
 * one reminder each at 150, 170 and 180 days. Rotating the token is the operator's job (the vendors issue tokens
 * by email); nothing here pretends to rotate.
 */
export class TokenReminders extends Construct {
  readonly function: LeadflowFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: TokenRemindersProps) {
    super(scope, id);
    const { secrets, topic } = props;
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'tokenAge',
      description: "Daily: publishes each vendor token's age and reminds at 150, 170 and 180 days",
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: {
        // ARNs only: the function reads when a secret changed, never its value.
        LEADSPACE_SECRET_ID: secrets.leadspace.secretArn,
        LEADGENIUS_SECRET_ID: secrets.leadGenius.secretArn,
        AGGKNOWLEDGE_SECRET_ID: secrets.aggKnowledge.secretArn,
        ALARM_TOPIC_ARN: topic.topicArn,
      },
    });
    // Metadata and tags only (the reminders already sent are a tag on the secret; the token's age is its current
    // version's creation date): no GetSecretValue, no KMS.
    iam.Grant.addToPrincipal({
      grantee: this.function,
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:TagResource'],
      resourceArns: [secrets.leadspace.secretArn, secrets.leadGenius.secretArn, secrets.aggKnowledge.secretArn],
    });
    topic.grantPublish(this.function);
    this.function.acknowledgeWildcard(
      'Action::kms:GenerateDataKey*',
      'grantPublish: publishing to the KMS-encrypted alarm topic takes data keys from its key (that key only)',
    );

    this.schedule = new events.Rule(this, 'Daily', {
      description: 'Checks vendor token ages once a day',
      schedule: events.Schedule.cron({ minute: '0', hour: '7' }),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
  }
}
