import { describe, expect, it } from 'vitest';
import { ENRICHED_FIELDS, type RowStatus } from '../../lambdas/core/enrichedFields';
import { SummaryCounter, csvOutputRow, jsonlOutputRecord, outputHeader, parseStatus, statusColumnName } from '../../lambdas/core/output';

const INPUT_HEADER = ['First Name', 'Last Name', 'Account Name', 'Notes'];

describe('outputHeader', () => {
  it('is the input columns, then enriched_<field> for every enriched field in order, their sources, then status', () => {
    const header = outputHeader(INPUT_HEADER);
    expect(header.slice(0, 4)).toEqual(INPUT_HEADER);
    expect(header.slice(4, -2)).toEqual(ENRICHED_FIELDS.map((field) => `enriched_${field}`));
    expect(header[4]).toBe('enriched_person_first_name');
    expect(header.at(-2)).toBe('enriched_sources');
    expect(header.at(-1)).toBe('status');
    expect(header).toHaveLength(INPUT_HEADER.length + ENRICHED_FIELDS.length + 2);
  });

  it('names the status column leadflow_status when the input has a status column, in any case', () => {
    expect(outputHeader(['Email', 'Status']).at(-1)).toBe('leadflow_status');
    expect(statusColumnName(['Email', ' STATUS '])).toBe('leadflow_status');
    expect(statusColumnName(['Email', 'Lead Status'])).toBe('status');
  });

  it('numbers the status column when leadflow_status is taken too', () => {
    expect(statusColumnName(['status', 'leadflow_status'])).toBe('leadflow_status_2');
  });
});

describe('csvOutputRow', () => {
  it('aligns with the header: input cells, enriched values or empty, status', () => {
    const row = csvOutputRow(['Zoë', 'Dubois', 'Acme, Inc.', 'note'], 4, {
      status: 'partially_enriched',
      values: { person_title: 'CTO', company_domain: 'acme.example' },
      sources: { person_title: 'aggknowledge', company_domain: 'input' },
    });
    const header = outputHeader(INPUT_HEADER);
    expect(row).toHaveLength(header.length);
    const byName = Object.fromEntries(header.map((name, i) => [name, row[i]]));
    expect(byName['Account Name']).toBe('Acme, Inc.');
    expect(byName.enriched_person_title).toBe('CTO');
    expect(byName.enriched_company_domain).toBe('acme.example');
    expect(byName.enriched_person_email).toBe('');
    expect(byName.enriched_sources).toBe('person_title=aggknowledge;company_domain=input');
    expect(byName.status).toBe('partially_enriched');
  });

  it('pads or truncates the input cells to the input header length', () => {
    const outcome = { status: 'rejected: empty row' as RowStatus, values: {} };
    expect(csvOutputRow(['a'], 3, outcome).slice(0, 3)).toEqual(['a', '', '']);
    expect(csvOutputRow(['a', 'b', 'c', 'd'], 2, outcome).slice(0, 3)).toEqual(['a', 'b', '']);
  });
});

describe('jsonlOutputRecord', () => {
  it('keys input by header name and keeps only enriched values that exist', () => {
    const record = jsonlOutputRecord(
      INPUT_HEADER,
      ['Zoë', 'Dubois', 'Acme, Inc.', ''],
      {
        status: 'enriched',
        values: { person_title: 'CTO', person_phone: '' },
        sources: { person_title: 'leadspace', person_phone: 'input' },
        steps: [
          { vendor: 'leadspace', status: 'enriched' },
          { vendor: 'leadgenius', status: 'not_found', cached: true },
        ],
      },
      7,
    );
    expect(record).toEqual({
      row: 7,
      input: { 'First Name': 'Zoë', 'Last Name': 'Dubois', 'Account Name': 'Acme, Inc.', Notes: '' },
      enriched: { person_title: 'CTO' },
      sources: { person_title: 'leadspace' },
      steps: [
        { vendor: 'leadspace', status: 'enriched' },
        { vendor: 'leadgenius', status: 'not_found', cached: true },
      ],
      status: 'enriched',
    });
  });

  it('treats a column named __proto__ as data', () => {
    const record = jsonlOutputRecord(['__proto__'], ['x'], { status: 'not_found', values: {} }, 1);
    expect(Object.getOwnPropertyNames(record.input)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(record.input)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(record)).input).toEqual(JSON.parse('{"__proto__":"x"}'));
  });
});

describe('parseStatus', () => {
  it('splits category and reason', () => {
    expect(parseStatus('rejected: missing last name')).toEqual({ category: 'rejected', reason: 'missing last name' });
    expect(parseStatus('failed: 1200')).toEqual({ category: 'failed', reason: '1200' });
    expect(parseStatus('not_found')).toEqual({ category: 'not_found' });
    expect(parseStatus('skipped: budget')).toEqual({ category: 'skipped', reason: 'budget' });
    expect(parseStatus('bogus' as RowStatus)).toEqual({ category: 'failed', reason: 'unknown status' });
  });
});

describe('SummaryCounter', () => {
  it('counts rows by status, reasons and duplicates', () => {
    const counter = new SummaryCounter();
    const statuses: RowStatus[] = [
      'enriched',
      'enriched',
      'partially_enriched',
      'not_found',
      'rejected: missing last name',
      'rejected: invalid email',
      'rejected: missing last name',
      'failed: INSUFFICIENT_CREDITS',
      'skipped: budget',
    ];
    for (const status of statuses) counter.add(status);
    counter.add('enriched', { duplicate: true });
    counter.add('unmapped');
    counter.add('skipped: not a lead (report footer)');
    expect(counter.summary()).toEqual({
      rows: 12,
      enriched: 3,
      partially_enriched: 1,
      not_found: 1,
      unmapped: 1,
      rejected: { total: 3, byReason: { 'invalid email': 1, 'missing last name': 2 } },
      failed: { total: 1, byReason: { INSUFFICIENT_CREDITS: 1 } },
      skipped: { total: 1, byReason: { budget: 1 } },
      not_applicable: { total: 0, byReason: {} },
      duplicates: 1,
      // Counted apart: a footer is no skipped work, which would make the job PARTIAL.
      reportFooters: 1,
    });
  });

  it('starts at zero and serializes to plain JSON', () => {
    const summary = new SummaryCounter().summary();
    expect(JSON.parse(JSON.stringify(summary))).toEqual({
      rows: 0,
      enriched: 0,
      partially_enriched: 0,
      not_found: 0,
      unmapped: 0,
      rejected: { total: 0, byReason: {} },
      failed: { total: 0, byReason: {} },
      skipped: { total: 0, byReason: {} },
      not_applicable: { total: 0, byReason: {} },
      duplicates: 0,
      reportFooters: 0,
    });
  });
});
