import { describe, expect, it } from 'vitest';
import { describeBatchFailure, describeJobFailure } from '../../lambdas/core/failureReason';

/** The Cause a Lambda task's Catch gives on AWS (and in the local runner): the runtime's error object as JSON. */
const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at handler (/var/task/index.mjs:1:1)'] });

describe('describeJobFailure', () => {
  it('reads the message of a user-facing error out of the Lambda error JSON', () => {
    expect(describeJobFailure('LeadFileError', lambdaCause('LeadFileError', 'The file has no header row'))).toBe('The file has no header row');
  });

  it('takes a plain-text cause (a Fail state, SendTaskFailure) as the message, even one that parses as JSON', () => {
    expect(describeJobFailure('VendorFatalError', 'Leadspace rejected the API token (HTTP 401)')).toBe('Leadspace rejected the API token (HTTP 401)');
    expect(describeJobFailure('VendorFatalError', '404')).toBe('404');
    expect(describeJobFailure('VendorFatalError', '"quoted"')).toBe('"quoted"');
  });

  it('never echoes the cause of other errors, nor a JSON cause without a message', () => {
    expect(describeJobFailure('TypeError', lambdaCause('TypeError', 'lead data in here'))).toBe('internal error (TypeError)');
    expect(describeJobFailure('LeadFileError', '{"detail":"lead data in here"}')).toBe('internal error (LeadFileError)');
    expect(describeJobFailure('LeadFileError')).toBe('internal error (LeadFileError)');
  });

  it('says what a timeout means', () => {
    expect(describeJobFailure('States.Timeout')).toMatch(/executionTimeoutHours/);
  });
});

describe('describeBatchFailure', () => {
  it('names known batch errors and calls the rest internal', () => {
    expect(describeBatchFailure('VendorOutOfCredits')).toBe('vendor out of credits');
    expect(describeBatchFailure('Whatever')).toBe('internal error');
    expect(describeBatchFailure(undefined)).toBe('internal error');
  });
});
