import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * A safety net on every log group: Leadflow never logs lead data, but should a line ever carry an e-mail address
 * or a phone number, CloudWatch masks it for anyone without logs:Unmask (and reports it in the account's findings).
 */
export function leadDataProtectionPolicy(name: string): logs.DataProtectionPolicy {
  return new logs.DataProtectionPolicy({
    name,
    description: 'Masks e-mail addresses and phone numbers, should lead data ever reach a log line',
    identifiers: [
      logs.DataIdentifier.EMAILADDRESS,
      logs.DataIdentifier.PHONENUMBER_BR,
      logs.DataIdentifier.PHONENUMBER_DE,
      logs.DataIdentifier.PHONENUMBER_ES,
      logs.DataIdentifier.PHONENUMBER_FR,
      logs.DataIdentifier.PHONENUMBER_GB,
      logs.DataIdentifier.PHONENUMBER_IT,
      logs.DataIdentifier.PHONENUMBER_US,
    ],
  });
}
