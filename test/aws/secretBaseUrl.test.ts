import { describe, expect, it } from 'vitest';
import { secretBaseUrl, secretBaseUrlWithHttpOptIn } from '../../lambdas/aws/secretBaseUrl';

describe("a vendor secret's baseUrl", () => {
  it('takes https anywhere and http only on loopback', () => {
    expect(secretBaseUrl('LeadGenius', 'https://eu.api.leadgenius.example')).toBe('https://eu.api.leadgenius.example');
    expect(secretBaseUrl('AggKnowledge', 'http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(() => secretBaseUrl('AggKnowledge', 'http://api.aggknowledge.example')).toThrow(/AggKnowledge.*https/);
  });

  it('refuses what would leak the key elsewhere or is not a URL, without quoting the value', () => {
    for (const value of ['https://user:pw@api.example', 'https://api.example/?next=evil.example', 'api.example', 'https://api.example/#x']) {
      let message = '';
      try {
        secretBaseUrl('LeadGenius', value);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, value).toMatch(/^The LeadGenius secret's "baseUrl"/);
      expect(message).not.toContain('api.example');
    }
  });

  it("lets LeadGenius opt in to plain http (its document's own http:///api.leadgenius.com), nothing else", () => {
    expect(secretBaseUrlWithHttpOptIn('LeadGenius', 'http:///api.leadgenius.com', true)).toBe('http://api.leadgenius.com/');
    expect(() => secretBaseUrlWithHttpOptIn('LeadGenius', 'http:///api.leadgenius.com', false)).toThrow(
      'The LeadGenius secret\'s "baseUrl" must use https (http only for 127.0.0.1 or localhost, or with "allowHttp": true in the secret)',
    );
    expect(secretBaseUrlWithHttpOptIn('LeadGenius', 'http://127.0.0.1:4010', false)).toBe('http://127.0.0.1:4010/');
    expect(() => secretBaseUrlWithHttpOptIn('LeadGenius', 'http://user:pw@api.example', true)).toThrow(/credentials/);
    // Every other vendor keeps the rule and the value exactly as given.
    expect(() => secretBaseUrl('LeadGenius', 'http://api.leadgenius.com')).toThrow(/https/);
    expect(secretBaseUrl('AggKnowledge', 'https://api.aggknowledge.example//')).toBe('https://api.aggknowledge.example//');
  });
});
