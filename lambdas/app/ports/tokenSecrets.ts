import type { ReminderRecord } from '../../core/tokenRotation';

/* Implemented by describeToken and writeReminderRecord (lambdas/aws/vendorSecrets.ts), Secrets Manager metadata. */

/** The vendor secrets' metadata and reminder records: never a secret value. */
export interface TokenSecrets {
  /** The current token version of a vendor secret and its reminder record. */
  describeToken(id: string): Promise<TokenVersion>;
  /** Writes the reminder record on the secret, leaving its other tags alone. */
  writeReminderRecord(arn: string, record: ReminderRecord): Promise<void>;
}

export interface TokenVersion {
  arn: string;
  name: string;
  /** the AWSCURRENT version id (the change date's ISO form when the secret reports none) */
  version: string;
  /** when the current value was written */
  lastChanged: Date;
  /** the reminder record found on the secret, for whichever version */
  record?: ReminderRecord;
}
