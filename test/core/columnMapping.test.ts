import { describe, expect, it } from 'vitest';
import { ColumnMappingError, mapColumns } from '../../lambdas/core/columnMapping';
import type { LeadField } from '../../lambdas/core/lead';

/** field → header name feeding it, for readable assertions. */
function mapped(header: string[], overrides?: Record<string, string>): Partial<Record<LeadField, string>> {
  const mapping = mapColumns(header, overrides);
  return Object.fromEntries(Object.entries(mapping.columns).map(([field, index]) => [field, header[index]])) as Partial<Record<LeadField, string>>;
}

describe('mapColumns: exports of common tools', () => {
  it('maps a Salesforce lead export', () => {
    const header = [
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
      'Lead Source',
      'Notes',
    ];
    expect(mapped(header)).toEqual({
      firstName: 'First Name',
      lastName: 'Last Name',
      title: 'Title',
      companyName: 'Account Name',
      email: 'E-mail Address',
      phone: 'Business Phone',
      domain: 'Website',
      city: 'City',
      state: 'State/Province',
      country: 'Country/Region',
    });
  });

  it('maps HubSpot-style and snake_case headers, ignoring case, spacing and punctuation', () => {
    expect(
      mapped(['first_name', 'LASTNAME', 'Email', 'Job Title', 'Company Name', 'Company Domain', 'Mobile Phone', 'Country', 'State', 'City', 'LinkedIn URL']),
    ).toEqual({
      firstName: 'first_name',
      lastName: 'LASTNAME',
      email: 'Email',
      title: 'Job Title',
      companyName: 'Company Name',
      domain: 'Company Domain',
      phone: 'Mobile Phone',
      country: 'Country',
      state: 'State',
      city: 'City',
      linkedinUrl: 'LinkedIn URL',
    });
  });

  it('maps Outlook/Google contact headers', () => {
    expect(mapped(['Given Name', 'Family Name', 'E-mail 1 - Value', 'Organization 1 - Name', 'Web Page', 'Region'])).toEqual({
      firstName: 'Given Name',
      lastName: 'Family Name',
      email: 'E-mail 1 - Value',
      companyName: 'Organization 1 - Name',
      domain: 'Web Page',
      state: 'Region',
    });
  });

  it.each([
    ['FirstName', 'firstName'],
    ['Surname', 'lastName'],
    ['Work Email', 'email'],
    ['Business Email', 'email'],
    ['Company', 'companyName'],
    ['Organization', 'companyName'],
    ['Company Website', 'domain'],
    ['Web Site', 'domain'],
    ['URL', 'domain'],
    ['Domain', 'domain'],
    ['Position', 'title'],
    ['Phone', 'phone'],
    ['Mobile', 'phone'],
    ['Work Phone', 'phone'],
    ['LinkedIn', 'linkedinUrl'],
    ['LinkedIn Profile', 'linkedinUrl'],
    ['Person Linkedin Url', 'linkedinUrl'],
  ] as const)('maps "%s" to %s', (header, field) => {
    expect(mapColumns(['Unrelated', header]).columns[field]).toBe(1);
  });

  it('leaves unknown and company-level columns unmapped', () => {
    const mapping = mapColumns(['Lead Source', 'Notes', 'Company Linkedin Url', 'Company Phone']);
    expect(mapping.columns).toEqual({});
    expect(mapping.fullNameColumn).toBeUndefined();
  });
});

describe('mapColumns: preference between candidate columns', () => {
  it('prefers the primary email to a secondary one, wherever they stand', () => {
    expect(mapped(['Secondary Email', 'First Name', 'Email']).email).toBe('Email');
  });

  it('prefers a work phone to a mobile', () => {
    expect(mapped(['Mobile', 'Work Phone']).phone).toBe('Work Phone');
    expect(mapped(['Mobile Phone', 'Phone']).phone).toBe('Phone');
  });

  it('takes the leftmost column when two match the same alias', () => {
    const mapping = mapColumns(['Email', 'Name', 'email (2)']);
    expect(mapping.columns.email).toBe(0);
  });

  it('prefers a domain column to a website, and a state column to a region', () => {
    expect(mapped(['Website', 'Domain']).domain).toBe('Domain');
    expect(mapped(['Region', 'State/Province']).state).toBe('State/Province');
  });
});

describe('mapColumns: full name', () => {
  it('uses a "Full Name" column when first and last name have no columns', () => {
    const mapping = mapColumns(['Full Name', 'Company']);
    expect(mapping.fullNameColumn).toBe(0);
    expect(mapping.columns.firstName).toBeUndefined();
  });

  it.each(['Name', 'Contact Name'])('recognises "%s" as a full name', (header) => {
    expect(mapColumns(['Email', header]).fullNameColumn).toBe(1);
  });

  it('ignores the full name when both name columns exist', () => {
    expect(mapColumns(['Name', 'First Name', 'Last Name']).fullNameColumn).toBeUndefined();
  });

  it('keeps the full name when only one name column exists', () => {
    const mapping = mapColumns(['Full Name', 'First Name']);
    expect(mapping.fullNameColumn).toBe(0);
    expect(mapping.columns.firstName).toBe(1);
  });
});

describe('mapColumns: overrides', () => {
  const header = ['Vorname', 'Nachname', 'Firma', 'Kontakt E-Mail', 'Email'];

  it('maps a field to a named column, case-insensitively, over the automatic choice', () => {
    const result = mapped(header, { companyName: 'firma', email: 'KONTAKT E-MAIL' });
    expect(result.companyName).toBe('Firma');
    expect(result.email).toBe('Kontakt E-Mail');
    expect(result.firstName).toBe('Vorname');
  });

  it('unmaps a field with an empty string', () => {
    expect(mapped(header, { email: '' }).email).toBeUndefined();
  });

  it('can point the full name at a column', () => {
    const mapping = mapColumns(['Attendee', 'Company'], { fullName: 'Attendee' });
    expect(mapping.fullNameColumn).toBe(0);
  });

  it('throws for an unknown field, naming it', () => {
    expect(() => mapColumns(header, { emailAddress: 'Email' })).toThrow(ColumnMappingError);
    expect(() => mapColumns(header, { emailAddress: 'Email' })).toThrow(/"emailAddress"/);
  });

  it('throws for a column the header lacks, naming field and column', () => {
    let error: unknown;
    try {
      mapColumns(header, { phone: 'Telefon' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ColumnMappingError);
    expect((error as Error).name).toBe('ColumnMappingError');
    expect((error as Error).message).toContain('"phone"');
    expect((error as Error).message).toContain('"Telefon"');
  });
});
