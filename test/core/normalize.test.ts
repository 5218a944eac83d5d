import { describe, expect, it } from 'vitest';
import {
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
  normalizeText,
  splitFullName,
  withoutPlaceholder,
} from '../../lambdas/core/normalize';

describe('normalizeText', () => {
  it('trims and collapses inner whitespace, line breaks included', () => {
    expect(normalizeText('  Mary \t Ann\n ')).toBe('Mary Ann');
    expect(normalizeText('   ')).toBeUndefined();
    expect(normalizeText(undefined)).toBeUndefined();
  });
});

describe('normalizeEmail', () => {
  it.each([
    [' Jane.Doe@Acme.EXAMPLE ', 'jane.doe@acme.example'],
    ['mailto:jane@acme.example', 'jane@acme.example'],
    ['MAILTO:Jane@Acme.example', 'jane@acme.example'],
    ['Jane Doe <Jane@Acme.example>', 'jane@acme.example'],
    ['jane@acme.example; jane.private@mail.example', 'jane@acme.example'],
    ['soren@müller.example', 'soren@xn--mller-kva.example'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it('returns undefined for an empty cell and leaves garbage for validation to judge', () => {
    expect(normalizeEmail('  ')).toBeUndefined();
    expect(normalizeEmail('Not An Email')).toBe('not');
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['https://www.Acme.example/contact?x=1#top', 'acme.example'],
    ['http://acme.example:8080/', 'acme.example'],
    ['WWW.ACME.EXAMPLE', 'acme.example'],
    ['www2.acme.example', 'acme.example'],
    ['acme.example.', 'acme.example'],
    ['//cdn.acme.example/x', 'cdn.acme.example'],
    ['jane@acme.example', 'acme.example'],
    ['@acme.example', 'acme.example'],
    ['https://user:pw@acme.example/', 'acme.example'],
    ['https://www.müller-söhne.example/', 'müller-söhne.example'],
    ['xn--mller-kva.example', 'müller.example'],
    ['sub.acme.co.uk', 'sub.acme.co.uk'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(['', 'n/a', 'acme', 'not a website', 'http://', '127.0.0.1', 'https://www.linkedin.com/in/jane-doe'])('rejects %j', (input) => {
    expect(normalizeDomain(input)).toBeUndefined();
  });
});

describe('normalizeLinkedinUrl', () => {
  it.each([
    ['https://www.linkedin.com/in/jane-doe-1a2b3c/', 'https://www.linkedin.com/in/jane-doe-1a2b3c'],
    ['linkedin.com/in/jane-doe', 'https://www.linkedin.com/in/jane-doe'],
    ['http://de.linkedin.com/in/juergen-mueller?trk=profile', 'https://www.linkedin.com/in/juergen-mueller'],
    [' www.linkedin.com/in/zoe-lefevre/en ', 'https://www.linkedin.com/in/zoe-lefevre'],
    ['https://www.linkedin.com/company/acme', 'https://www.linkedin.com/company/acme'],
    ['see notes', 'see notes'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeLinkedinUrl(input)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  it('trims but keeps the format as given', () => {
    expect(normalizePhone('  +1 (415) 555-0123 ext. 4 ')).toBe('+1 (415) 555-0123 ext. 4');
    expect(normalizePhone(' ')).toBeUndefined();
  });
});

describe('withoutPlaceholder', () => {
  it('blanks cells that only say "nothing" and keeps real values', () => {
    expect(withoutPlaceholder(' N/A ')).toBeUndefined();
    expect(withoutPlaceholder('-')).toBeUndefined();
    expect(withoutPlaceholder('Na')).toBe('Na');
    expect(withoutPlaceholder('Unknown Pleasures Ltd')).toBe('Unknown Pleasures Ltd');
  });
});

describe('splitFullName', () => {
  it.each([
    ['Jane Doe', { firstName: 'Jane', lastName: 'Doe' }],
    ['  Mary   Ann  Smith ', { firstName: 'Mary Ann', lastName: 'Smith' }],
    ['Smith, Mary', { firstName: 'Mary', lastName: 'Smith' }],
    ['John Smith Jr.', { firstName: 'John', lastName: 'Smith' }],
    ['John Smith, Jr.', { firstName: 'John', lastName: 'Smith' }],
    ['Dr. Jane Doe', { firstName: 'Jane', lastName: 'Doe' }],
    ['Prof. Dr. Hans Müller', { firstName: 'Hans', lastName: 'Müller' }],
    ['Frau Anna Schmidt', { firstName: 'Anna', lastName: 'Schmidt' }],
    ['Dipl.-Ing. Karl Weber', { firstName: 'Karl', lastName: 'Weber' }],
    ['Mme Claire Dubois', { firstName: 'Claire', lastName: 'Dubois' }],
    ['Jane Doe, MBA', { firstName: 'Jane', lastName: 'Doe' }],
    ['Jane Doe, MBA, PhD', { firstName: 'Jane', lastName: 'Doe' }],
    ['Jane Doe CPA', { firstName: 'Jane', lastName: 'Doe' }],
    ['Robert Smith III', { firstName: 'Robert', lastName: 'Smith' }],
    ['Jane Doe Ph.D.', { firstName: 'Jane', lastName: 'Doe' }],
    ['Doe, Jane, MBA', { firstName: 'Jane', lastName: 'Doe' }],
    ['Ms. Doe, Jane', { firstName: 'Jane', lastName: 'Doe' }],
    ['Doe, Dr. Jane', { firstName: 'Jane', lastName: 'Doe' }],
    ['🚀 Jane Doe', { firstName: 'Jane', lastName: 'Doe' }],
    ['Jane Doe 👋🏽', { firstName: 'Jane', lastName: 'Doe' }],
    ['Jan van der Berg', { firstName: 'Jan', lastName: 'van der Berg' }],
    ['María de la Cruz', { firstName: 'María', lastName: 'de la Cruz' }],
    ['Van Morrison', { firstName: 'Van', lastName: 'Morrison' }],
    ['Wei Ma', { firstName: 'Wei', lastName: 'Ma' }],
    ['Dr. Smith', { lastName: 'Smith' }],
    ['Søren', { firstName: 'Søren' }],
    ['', {}],
  ])('%j', (input, expected) => {
    expect(splitFullName(input)).toEqual(expected);
  });
});
