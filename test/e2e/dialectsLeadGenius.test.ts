/* The dialect matrix (see dialects.test.ts): LeadGenius's readings. */
import { afterAll, beforeAll, describe } from 'vitest';
import { sameResultCases, startDialectRuntime, stopDialectRuntime } from './dialectsSetup';

beforeAll(startDialectRuntime);
afterAll(stopDialectRuntime);

describe('the default plan under every LeadGenius dialect', () => {
  sameResultCases('LeadGenius');
});
