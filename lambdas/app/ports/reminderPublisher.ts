/* Implemented by snsPublisher (lambdas/aws/vendorSecrets.ts), the alarm topic. */

/** What the token-age Lambda needs to send one reminder. */
export interface ReminderMessage {
  topicArn: string;
  subject: string;
  message: string;
}

export type ReminderPublisher = (message: ReminderMessage) => Promise<void>;
