import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../lambdas/core/columnMapping';
import type { Lead } from '../../lambdas/core/lead';
import { leadFromRow } from '../../lambdas/core/leadFromRow';
import { leadKey, normalizeCompanyName } from '../../lambdas/core/leadKey';

const mapping = mapColumns(['First Name', 'Last Name', 'Account Name', 'E-mail Address', 'Website']);
function keyOf(cells: string[]): string {
  const result = leadFromRow(cells, mapping);
  if (!result.ok) throw new Error(`row rejected: ${result.reason}`);
  return leadKey(result.lead);
}

describe('leadKey', () => {
  it('is the SHA-256 hex of the normalized email when there is one', () => {
    const lead: Lead = { firstName: 'Zoë', lastName: 'Dubois', email: 'zoe@acme.example' };
    expect(leadKey(lead)).toBe(createHash('sha256').update('zoe@acme.example').digest('hex'));
    expect(leadKey(lead)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives rows of one person the same key despite case and whitespace', () => {
    expect(keyOf(['Zoë', 'Dubois', 'Acme, Inc.', 'zoe@acme.example', ''])).toBe(
      keyOf(['  ZOË ', 'dubois', 'ACME INC', ' ZOE@ACME.EXAMPLE ', 'www.acme.example']),
    );
  });

  it('keys on name and domain without an email, whatever the website looks like', () => {
    expect(keyOf(['Søren', 'Østergaard', '', '', 'https://www.fjordline.example/'])).toBe(
      keyOf(['SØREN', '  østergaard ', 'Fjordline A/S', '', 'FJORDLINE.EXAMPLE']),
    );
  });

  it('keys on name and company name without email or domain, ignoring punctuation and legal form', () => {
    const key = keyOf(['José', 'García', 'Acme, Inc.', '', '']);
    expect(keyOf(['JOSÉ', 'garcía', 'ACME INC', '', ''])).toBe(key);
    expect(keyOf(['José', 'García', 'Acme Inc.', '', ''])).toBe(key);
    expect(keyOf(['José', 'García', 'acme', '', ''])).toBe(key);
  });

  it('treats composed and decomposed accents as the same name', () => {
    const composed: Lead = { firstName: 'Jos\u00e9', lastName: 'Garc\u00eda', companyName: 'Globex' };
    const decomposed: Lead = { firstName: 'Jose\u0301', lastName: 'Garci\u0301a', companyName: 'Globex' };
    expect(leadKey(composed)).toBe(leadKey(decomposed));
  });

  it('tells different people apart', () => {
    const base: Lead = { firstName: 'Anna', lastName: 'Young', companyName: 'Globex' };
    const keys = new Set([
      leadKey(base),
      leadKey({ ...base, firstName: 'Anne' }),
      leadKey({ ...base, lastName: 'Younger' }),
      leadKey({ ...base, companyName: 'Initrode' }),
      leadKey({ ...base, email: 'anna@globex.example' }),
      leadKey({ ...base, email: 'anna.young@globex.example' }),
    ]);
    expect(keys.size).toBe(6);
  });

  it('does not let first and last name run together', () => {
    expect(leadKey({ firstName: 'Ann', lastName: 'Asmith', companyName: 'X' })).not.toBe(leadKey({ firstName: 'Anna', lastName: 'Smith', companyName: 'X' }));
  });
});

describe('normalizeCompanyName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME INCORPORATED', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['Granitehaus GmbH & Co. KG', 'granitehaus'],
    ['Initrode Robotics S.A.', 'initrode robotics'],
    ['Müller & Söhne GmbH', 'müller söhne'],
    ['Co Op Foods', 'co op foods'],
    ['Inc.', 'inc'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeCompanyName(input)).toBe(expected);
  });
});
