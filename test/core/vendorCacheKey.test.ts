import { describe, expect, it } from 'vitest';
import type { RowStatus } from '../../lambdas/core/enrichedFields';
import type { Lead } from '../../lambdas/core/lead';
import { VENDORS } from '../../lambdas/core/plan';
import { isCacheable, vendorCacheKey } from '../../lambdas/core/vendorCacheKey';
import { VENDOR_BATCH_SIZE } from '../../lambdas/core/batchSize';

const ADA: Lead = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@acme.example',
  title: 'CTO',
  phone: '+44 20 7946 0000',
  companyName: 'Acme Ltd',
  domain: 'acme.example',
  linkedinUrl: 'https://www.linkedin.com/in/ada-lovelace',
};

describe('vendorCacheKey', () => {
  it('is the same for the same person written in other casing and spacing, for every vendor', () => {
    const shouting: Lead = {
      ...ADA,
      firstName: ' ADA ',
      lastName: 'LOVELACE',
      email: 'Ada@ACME.example',
      domain: 'ACME.EXAMPLE',
      linkedinUrl: 'https://www.linkedin.com/in/Ada-Lovelace',
    };
    for (const vendor of VENDORS) expect(vendorCacheKey(vendor, shouting), vendor).toBe(vendorCacheKey(vendor, ADA));
  });

  it('matches a Leadspace lead without email by name and company across casing and inner spacing', () => {
    const a: Lead = { firstName: 'Mary Ann', lastName: 'Smith', domain: 'acme.example' };
    const b: Lead = { firstName: 'mary   ann', lastName: ' SMITH', domain: 'Acme.Example' };
    expect(vendorCacheKey('leadspace', b)).toBe(vendorCacheKey('leadspace', a));
    expect(vendorCacheKey('leadgenius', b)).toBe(vendorCacheKey('leadgenius', a));
  });

  it('is the same whether an accented name is typed composed or decomposed', () => {
    const composed: Lead = { firstName: 'Zo\u00eb', lastName: 'Dubois', domain: 'acme.example' };
    const decomposed: Lead = { firstName: 'Zoe\u0308', lastName: 'Dubois', domain: 'acme.example' };
    expect(vendorCacheKey('leadspace', decomposed)).toBe(vendorCacheKey('leadspace', composed));
    expect(vendorCacheKey('leadgenius', decomposed)).toBe(vendorCacheKey('leadgenius', composed));
  });

  it('differs between vendors for the same lead', () => {
    const keys = VENDORS.map((vendor) => vendorCacheKey(vendor, ADA));
    expect(new Set(keys).size).toBe(VENDORS.length);
  });

  it('differs for different people', () => {
    const grace: Lead = {
      ...ADA,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@acme.example',
      linkedinUrl: 'https://www.linkedin.com/in/grace-hopper',
    };
    for (const vendor of VENDORS) expect(vendorCacheKey(vendor, grace), vendor).not.toBe(vendorCacheKey(vendor, ADA));
  });

  it('ignores for LeadGenius what LeadGenius does not read (title, phone, email, LinkedIn, company name)', () => {
    const other: Lead = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      domain: 'acme.example',
      title: 'Countess',
      phone: '+1 555 0100',
      email: 'ada@gmail.com',
      companyName: 'Analytical Engines',
      linkedinUrl: 'https://www.linkedin.com/in/someone-else',
    };
    expect(vendorCacheKey('leadgenius', other)).toBe(vendorCacheKey('leadgenius', ADA));
    expect(vendorCacheKey('leadgenius', { firstName: 'Ada', lastName: 'Lovelace', domain: 'acme.example' })).toBe(vendorCacheKey('leadgenius', ADA));
  });

  it('tells LeadGenius leads apart by first name, last name and domain', () => {
    const base = vendorCacheKey('leadgenius', ADA);
    expect(vendorCacheKey('leadgenius', { ...ADA, firstName: 'Augusta' })).not.toBe(base);
    expect(vendorCacheKey('leadgenius', { ...ADA, lastName: 'King' })).not.toBe(base);
    expect(vendorCacheKey('leadgenius', { ...ADA, domain: 'acme.co.uk' })).not.toBe(base);
    // The separator keeps the fields apart: moving text between first and last name is another person.
    expect(vendorCacheKey('leadgenius', { firstName: 'Ada Love', lastName: 'Lace', domain: 'acme.example' })).not.toBe(
      vendorCacheKey('leadgenius', { firstName: 'Ada', lastName: 'Love Lace', domain: 'acme.example' }),
    );
  });

  it('is the same for AggKnowledge across LinkedIn URL variants of one profile', () => {
    const variants = [
      'https://www.linkedin.com/in/ada-lovelace',
      'http://www.linkedin.com/in/ada-lovelace',
      'https://linkedin.com/in/ada-lovelace',
      'https://www.linkedin.com/in/ada-lovelace/',
      'http://linkedin.com/in/ada-lovelace/',
      'www.linkedin.com/in/ada-lovelace',
      'linkedin.com/in/ada-lovelace',
      'https://uk.linkedin.com/in/ada-lovelace',
      'https://www.linkedin.com/in/ada-lovelace?trk=public_profile',
    ];
    const expected = vendorCacheKey('aggknowledge', ADA);
    for (const linkedinUrl of variants) expect(vendorCacheKey('aggknowledge', { linkedinUrl }), linkedinUrl).toBe(expected);
  });

  it('only reads the LinkedIn URL for AggKnowledge', () => {
    expect(vendorCacheKey('aggknowledge', { linkedinUrl: ADA.linkedinUrl, firstName: 'Someone', title: 'Else' })).toBe(vendorCacheKey('aggknowledge', ADA));
    expect(vendorCacheKey('aggknowledge', { ...ADA, linkedinUrl: 'https://www.linkedin.com/in/ada-lovelace-2' })).not.toBe(vendorCacheKey('aggknowledge', ADA));
  });

  it('is a 64-character hex digest that carries no lead value', () => {
    for (const vendor of VENDORS) {
      const key = vendorCacheKey(vendor, ADA);
      expect(key, vendor).toMatch(/^[0-9a-f]{64}$/);
      for (const value of Object.values(ADA)) expect(key).not.toContain(value.toLowerCase());
    }
  });

  it('tells apart two people who share a mailbox (info@…) for Leadspace', () => {
    const john: Lead = { firstName: 'John', lastName: 'Smith', email: 'info@acme.example', domain: 'acme.example' };
    const jane: Lead = { firstName: 'Jane', lastName: 'Doe', email: 'info@acme.example', domain: 'acme.example' };
    expect(vendorCacheKey('leadspace', john)).not.toBe(vendorCacheKey('leadspace', jane));
  });

  it('keeps scopes apart: an AggKnowledge sandbox answer never serves a live job', () => {
    expect(vendorCacheKey('aggknowledge', ADA, 'test')).not.toBe(vendorCacheKey('aggknowledge', ADA, 'live'));
    expect(vendorCacheKey('aggknowledge', ADA, 'live')).toBe(vendorCacheKey('aggknowledge', { ...ADA, title: 'CEO' }, 'live'));
  });

  it('is stable from one call to the next', () => {
    for (const vendor of VENDORS) expect(vendorCacheKey(vendor, { ...ADA })).toBe(vendorCacheKey(vendor, ADA));
  });
});

describe('isCacheable', () => {
  it('keeps real answers: enriched, partially enriched and not found', () => {
    expect(isCacheable('enriched')).toBe(true);
    expect(isCacheable('partially_enriched')).toBe(true);
    expect(isCacheable('not_found')).toBe(true);
  });

  it('never keeps failures, rejections or skips, which may turn out differently next time', () => {
    const statuses: RowStatus[] = ['failed: vendor timeout', 'rejected: invalid email', 'skipped: budget', 'not applicable: no plan step applies to the row'];
    for (const status of statuses) expect(isCacheable(status), status).toBe(false);
  });
});

describe('VENDOR_BATCH_SIZE', () => {
  it('sets a positive whole batch size for every vendor, at most Leadspace’s documented 500', () => {
    for (const vendor of VENDORS) {
      expect(Number.isInteger(VENDOR_BATCH_SIZE[vendor]), vendor).toBe(true);
      expect(VENDOR_BATCH_SIZE[vendor]).toBeGreaterThan(0);
      expect(VENDOR_BATCH_SIZE[vendor]).toBeLessThanOrEqual(500);
    }
  });
});
