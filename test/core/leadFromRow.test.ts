import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../lambdas/core/columnMapping';
import { LeadSchema } from '../../lambdas/core/lead';
import { leadFromRow } from '../../lambdas/core/leadFromRow';

const HEADER = [
  'First Name',
  'Last Name',
  'Title',
  'Account Name',
  'E-mail Address',
  'Business Phone',
  'Website',
  'City',
  'State/Province',
  'Country/Region',
  'LinkedIn URL',
  'Notes',
];
const mapping = mapColumns(HEADER);

type Cells = Partial<Record<(typeof HEADER)[number], string>>;
function row(values: Cells): string[] {
  return HEADER.map((name) => values[name] ?? '');
}

const complete: Cells = {
  'First Name': '  Zoë ',
  'Last Name': ' van der   Berg',
  Title: ' Director,\n Demand Generation ',
  'Account Name': 'Acme, Inc.',
  'E-mail Address': 'mailto:Zoe.VanDerBerg@Acme.EXAMPLE',
  'Business Phone': ' +1 415-555-0123 ',
  Website: 'https://www.acme.example/about',
  City: ' San Francisco ',
  'State/Province': 'CA',
  'Country/Region': 'United States',
  'LinkedIn URL': 'linkedin.com/in/zoe-vdb/',
  Notes: 'Said "call me" — not a lead field',
};

describe('leadFromRow: normalization', () => {
  it('builds a clean lead from a messy but complete row', () => {
    const result = leadFromRow(row(complete), mapping);
    expect(result).toEqual({
      ok: true,
      lead: {
        firstName: 'Zoë',
        lastName: 'van der Berg',
        title: 'Director, Demand Generation',
        companyName: 'Acme, Inc.',
        email: 'zoe.vanderberg@acme.example',
        phone: '+1 415-555-0123',
        domain: 'acme.example',
        city: 'San Francisco',
        state: 'CA',
        country: 'United States',
        linkedinUrl: 'https://www.linkedin.com/in/zoe-vdb',
      },
    });
    if (result.ok) expect(LeadSchema.safeParse(result.lead).success).toBe(true);
  });

  it('leaves out fields that are empty or placeholders', () => {
    const result = leadFromRow(row({ 'First Name': 'Lars', 'Last Name': 'Jensen', 'Account Name': 'Globex', Title: 'N/A', City: '-' }), mapping);
    expect(result).toEqual({ ok: true, lead: { firstName: 'Lars', lastName: 'Jensen', companyName: 'Globex' } });
  });

  it('fills first and last name from a full-name column', () => {
    const fullNameMapping = mapColumns(['Full Name', 'Email']);
    expect(leadFromRow(['  Mary  Ann Smith ', 'mary@acme.example'], fullNameMapping)).toEqual({
      ok: true,
      lead: { firstName: 'Mary Ann', lastName: 'Smith', email: 'mary@acme.example' },
    });
  });

  it('takes only the missing name from the full name when one name column exists', () => {
    const partial = mapColumns(['First Name', 'Name', 'Company']);
    expect(leadFromRow(['Jo', 'Joanna Kowalski', 'Initrode'], partial)).toEqual({
      ok: true,
      lead: { firstName: 'Jo', lastName: 'Kowalski', companyName: 'Initrode' },
    });
  });
});

describe('leadFromRow: Leadspace minimum input (first name, last name, company/email/website)', () => {
  it.each([
    ['email only', { 'E-mail Address': 'l@globex.example' }],
    ['company only', { 'Account Name': 'Globex' }],
    ['website only', { Website: 'globex.example' }],
  ])('accepts a named person with %s', (_, identifier) => {
    const result = leadFromRow(row({ 'First Name': 'Lars', 'Last Name': 'Jensen', ...identifier }), mapping);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['empty row', {}],
    ['empty row', { 'First Name': '  ', Notes: '\n' }],
    ['missing first name', { ...complete, 'First Name': ' ' }],
    ['missing last name', { ...complete, 'Last Name': 'n/a' }],
    ['missing company, email and website', { 'First Name': 'Lars', 'Last Name': 'Jensen', City: 'Aarhus' }],
    ['missing company, email and website', { 'First Name': 'Lars', 'Last Name': 'Jensen', Website: 'not a site' }],
    ['invalid email', { 'First Name': 'Lars', 'Last Name': 'Jensen', 'E-mail Address': 'lars(at)globex' }],
  ])('rejects with "%s"', (reason, values) => {
    expect(leadFromRow(row(values), mapping)).toEqual({ ok: false, reason });
  });

  it('drops an invalid email but keeps the lead when a company identifies it', () => {
    const result = leadFromRow(row({ 'First Name': 'Lars', 'Last Name': 'Jensen', 'Account Name': 'Globex', 'E-mail Address': 'sales@' }), mapping);
    expect(result).toEqual({ ok: true, lead: { firstName: 'Lars', lastName: 'Jensen', companyName: 'Globex' } });
  });

  it('drops an invalid email but keeps the lead when a website identifies it', () => {
    const result = leadFromRow(row({ 'First Name': 'Lars', 'Last Name': 'Jensen', Website: 'www.globex.example', 'E-mail Address': 'x@y' }), mapping);
    expect(result).toEqual({ ok: true, lead: { firstName: 'Lars', lastName: 'Jensen', domain: 'globex.example' } });
  });

  it('never puts a cell value in a reason', () => {
    const secret = 'zz-secret-value';
    const results = [
      row({ 'First Name': secret }),
      row({ 'First Name': secret, 'Last Name': secret }),
      row({ 'First Name': secret, 'Last Name': secret, 'E-mail Address': secret }),
    ].map((cells) => leadFromRow(cells, mapping));
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).not.toContain(secret);
    }
  });
});
