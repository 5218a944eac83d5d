import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { configFromContext, DEFAULT_CONFIG, validateConfig } from '../../lib/config';

const fromContext = (context: Record<string, unknown>) => configFromContext(new App({ context }).node);

describe('configFromContext', () => {
  it('uses the defaults when nothing is set', () => {
    expect(fromContext({})).toEqual({
      maxConcurrentBatches: 50,
      pollIntervalSeconds: 60,
      awaitCallbackSeconds: 900,
      backoffMaxSeconds: 900,
      batchDeadlineSeconds: 21_600,
      uncertainSubmitGraceSeconds: 3_600,
      leadspaceBacklogLeads: 100_000,
      maxInputMegabytes: 1_024,
      maxInputRows: 2_000_000,
      aggKnowledgeTier3PerMinute: 60,
      aggKnowledgeTier4PerMinute: 300,
      vendorRequestTimeoutSeconds: 30,
      executionTimeoutHours: 72,
      leadDataExpiryDays: 14,
      leadspaceBaseUrl: 'https://apigw.leadspace.com',
      leadGeniusBaseUrl: 'https://api.leadgenius.com',
      leadGeniusObjectsPerHour: 5_000,
      leadGeniusStatusPerMinute: 1,
      leadGeniusStatusPerHour: 60,
      vendorLimitMarginMs: 2_000,
      heroBaseRequestsPerMinute: 60,
      aggKnowledgeBaseUrl: 'https://api.aggknowledge.com',
      aggKnowledgeEnvironment: 'live',
      cacheTtlDays: 14,
      apiRateLimit: 10,
      apiBurstLimit: 20,
      apiMonthlyQuota: 100_000,
      teamApiKeys: [],
      waf: false,
      wafRateLimit: 2_000,
      wafCallbackRateLimit: 1_000,
    });
  });

  it('reads the WAF switch as -c passes it (a string) or cdk.json holds it (a boolean), and refuses anything else', () => {
    expect(fromContext({ waf: 'true' }).waf).toBe(true);
    expect(fromContext({ waf: ' TRUE ' }).waf).toBe(true);
    expect(fromContext({ waf: 'false' }).waf).toBe(false);
    expect(fromContext({ waf: true }).waf).toBe(true);
    expect(fromContext({ waf: false }).waf).toBe(false);
    expect(() => fromContext({ waf: 'yes' })).toThrow(/waf must be true or false, got "yes"/);
    expect(() => fromContext({ waf: 1 })).toThrow(/waf must be true or false, got 1/);
    expect(() => validateConfig({ ...DEFAULT_CONFIG, waf: 'true' as unknown as boolean })).toThrow(/waf must be true or false/);
    expect(fromContext({ waf: 'true', wafRateLimit: '5000', wafCallbackRateLimit: 300 })).toMatchObject({ wafRateLimit: 5_000, wafCallbackRateLimit: 300 });
    // AWS WAF refuses a rate-based limit under 10.
    expect(() => fromContext({ wafRateLimit: '9' })).toThrow(/wafRateLimit must be a whole number from 10 to 2000000000, got 9/);
    expect(() => fromContext({ wafCallbackRateLimit: 'lots' })).toThrow(/wafCallbackRateLimit must be a whole number, got "lots"/);
  });

  it('reads team API keys from -c (comma-separated) or cdk.json (a list), and refuses names an output id cannot carry', () => {
    expect(fromContext({ teamApiKeys: 'sales, marketing' }).teamApiKeys).toEqual(['sales', 'marketing']);
    expect(fromContext({ teamApiKeys: ['sales'] }).teamApiKeys).toEqual(['sales']);
    expect(() => fromContext({ teamApiKeys: 'sales-emea' })).toThrow(/teamApiKeys: each name must be a letter/);
    expect(() => fromContext({ teamApiKeys: 'sales,Sales' })).toThrow(/may appear once/);
  });

  it('refuses an execution timeout longer than the lead data lives', () => {
    expect(() => fromContext({ executionTimeoutHours: '400', leadDataExpiryDays: '14' })).toThrow(/executionTimeoutHours must not exceed/);
    expect(fromContext({ executionTimeoutHours: '336', leadDataExpiryDays: '14' }).executionTimeoutHours).toBe(336);
  });

  it('selects the AggKnowledge test environment and refuses any other', () => {
    expect(fromContext({ aggKnowledgeEnvironment: 'test' }).aggKnowledgeEnvironment).toBe('test');
    expect(() => fromContext({ aggKnowledgeEnvironment: 'staging' })).toThrow(/aggKnowledgeEnvironment must be "live" or "test"/);
    expect(() => fromContext({ leadGeniusBaseUrl: 'http://api.leadgenius.com' })).toThrow(/leadGeniusBaseUrl must be an https/);
  });

  it('parses numbers given as strings (cdk synth -c name=value)', () => {
    expect(fromContext({ maxConcurrentBatches: '200', pollIntervalSeconds: ' 5 ', alarmEmail: 'ops@example.com' })).toMatchObject({
      maxConcurrentBatches: 200,
      pollIntervalSeconds: 5,
      alarmEmail: 'ops@example.com',
    });
  });

  it.each([
    [{ maxConcurrentBatches: 201 }, /maxConcurrentBatches must be a whole number from 1 to 200, got 201/],
    [{ maxConcurrentBatches: '0' }, /maxConcurrentBatches must be a whole number from 1 to 200, got 0/],
    [{ pollIntervalSeconds: 'soon' }, /pollIntervalSeconds must be a whole number, got "soon"/],
    [{ pollIntervalSeconds: 1.5 }, /pollIntervalSeconds must be a whole number from 1/],
    [{ leadDataExpiryDays: '1e2' }, /leadDataExpiryDays must be a whole number, got "1e2"/],
    [{ leadspaceBaseUrl: 'http://apigw.leadspace.com' }, /leadspaceBaseUrl must be an https:\/\/ URL/],
    [{ alarmEmail: 'ops' }, /alarmEmail must be an email address/],
  ])('rejects %j', (context, message) => {
    expect(() => fromContext(context)).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(() => fromContext({ maxConcurrentBatches: 0, backoffMaxSeconds: -1 })).toThrow(/maxConcurrentBatches[\s\S]*backoffMaxSeconds/);
  });

  it('validates configuration given in code too', () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, batchDeadlineSeconds: 0 })).toThrow(/batchDeadlineSeconds/);
  });
});

describe('lead data leaves on time', () => {
  it('refuses a vendor cache that outlives the lead data', () => {
    expect(() => fromContext({ cacheTtlDays: '30', leadDataExpiryDays: '14' })).toThrow(/cacheTtlDays must not exceed leadDataExpiryDays/);
    expect(fromContext({ cacheTtlDays: '30', leadDataExpiryDays: '30' }).cacheTtlDays).toBe(30);
  });
});
