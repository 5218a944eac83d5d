import { describe, expect, it } from 'vitest';
import { ENRICHED_FIELDS, type RecordResult, type RowStatus } from '../../lambdas/core/enrichedFields';
import {
  BUDGET_SKIPPED,
  NO_STEP_APPLIES,
  applyStepResult,
  initialState,
  leadOf,
  provenanceCell,
  recordStepOutcome,
  rowStatusOf,
  type LeadState,
  type StepOutcome,
} from '../../lambdas/core/leadState';
import { resolvePlan, stepApplies, type PlanStep } from '../../lambdas/core/plan';

const [LEADSPACE, LEADGENIUS, AGGKNOWLEDGE] = resolvePlan(undefined) as [PlanStep, PlanStep, PlanStep];

const answer = (values: RecordResult['values'], status: RowStatus = 'enriched'): RecordResult => ({ externalId: 'r2', status, values });

/** A state whose steps have these outcomes (values do not matter to the row status). */
const withSteps = (...statuses: RowStatus[]): LeadState => ({
  x: 'r2',
  values: {},
  sources: {},
  steps: statuses.map((status, i): StepOutcome => ({ vendor: (['leadspace', 'leadgenius', 'aggknowledge'] as const)[i % 3]!, status })),
});

describe('initialState', () => {
  it('maps every input lead field to its enriched field, with the input as source', () => {
    const state = initialState('r2', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@acme.example',
      title: 'CTO',
      phone: '+44 20 7946 0000',
      companyName: 'Acme Ltd',
      domain: 'acme.example',
      country: 'GB',
      state: 'England',
      city: 'London',
      linkedinUrl: 'https://www.linkedin.com/in/ada',
    });
    expect(state).toEqual({
      x: 'r2',
      values: {
        person_first_name: 'Ada',
        person_last_name: 'Lovelace',
        person_email: 'ada@acme.example',
        person_title: 'CTO',
        person_phone: '+44 20 7946 0000',
        company_name: 'Acme Ltd',
        company_domain: 'acme.example',
        person_country: 'GB',
        person_state: 'England',
        person_city: 'London',
        person_linkedin_url: 'https://www.linkedin.com/in/ada',
      },
      sources: {
        person_first_name: 'input',
        person_last_name: 'input',
        person_email: 'input',
        person_title: 'input',
        person_phone: 'input',
        company_name: 'input',
        company_domain: 'input',
        person_country: 'input',
        person_state: 'input',
        person_city: 'input',
        person_linkedin_url: 'input',
      },
      steps: [],
    });
  });

  it('leaves fields the input lacks absent, not empty', () => {
    const state = initialState('r7', { firstName: 'Ada', domain: 'acme.example' });
    expect(state.x).toBe('r7');
    expect(Object.keys(state.values).sort()).toEqual(['company_domain', 'person_first_name']);
    expect(Object.keys(state.sources).sort()).toEqual(['company_domain', 'person_first_name']);
    expect(state.steps).toEqual([]);
  });
});

describe('applyStepResult', () => {
  it('fills blank fields with the vendor’s values and records the vendor as their source', () => {
    const state = applyStepResult(initialState('r2', { firstName: 'Ada' }), LEADSPACE, answer({ person_title: 'CTO', company_domain: 'acme.example' }));
    expect(state.values).toEqual({ person_first_name: 'Ada', person_title: 'CTO', company_domain: 'acme.example' });
    expect(state.sources).toEqual({ person_first_name: 'input', person_title: 'leadspace', company_domain: 'leadspace' });
    expect(state.steps).toEqual([{ vendor: 'leadspace', status: 'enriched' }]);
  });

  it('keeps input values over what a vendor says', () => {
    const state = applyStepResult(
      initialState('r2', { firstName: 'Ada', title: 'Countess' }),
      LEADSPACE,
      answer({ person_first_name: 'Augusta', person_title: 'CTO' }),
    );
    expect(state.values).toMatchObject({ person_first_name: 'Ada', person_title: 'Countess' });
    expect(state.sources).toMatchObject({ person_first_name: 'input', person_title: 'input' });
  });

  it('keeps the first vendor’s answer when a later vendor answers the same field (the waterfall)', () => {
    const afterLeadspace = applyStepResult(initialState('r2', {}), LEADSPACE, answer({ person_title: 'CTO' }));
    const afterAgg = applyStepResult(
      afterLeadspace,
      { ...AGGKNOWLEDGE, requires: [], missing: [] },
      answer({ person_title: 'Chief Technology Officer', person_city: 'London' }),
    );
    expect(afterAgg.values).toEqual({ person_title: 'CTO', person_city: 'London' });
    expect(afterAgg.sources).toEqual({ person_title: 'leadspace', person_city: 'aggknowledge' });
    expect(afterAgg.steps.map((s) => s.vendor)).toEqual(['leadspace', 'aggknowledge']);
  });

  it('lets a step with overwrite replace input and earlier values, and says so in the sources', () => {
    const before = applyStepResult(initialState('r2', { title: 'Countess' }), LEADSPACE, answer({ company_domain: 'acme.example' }));
    const state = applyStepResult(before, { ...LEADGENIUS, overwrite: true }, answer({ person_title: 'CTO', company_domain: 'acme.co.uk' }));
    expect(state.values).toEqual({ person_title: 'CTO', company_domain: 'acme.co.uk' });
    expect(state.sources).toEqual({ person_title: 'leadgenius', company_domain: 'leadgenius' });
  });

  it('replaces a free-mail input email with a vendor’s work email', () => {
    const state = applyStepResult(
      initialState('r2', { firstName: 'Ada', email: 'ada@gmail.com' }),
      LEADGENIUS,
      answer({ person_email: 'ada.lovelace@acme.example' }),
    );
    expect(state.values.person_email).toBe('ada.lovelace@acme.example');
    expect(state.sources.person_email).toBe('leadgenius');
  });

  it('keeps a work email from the input over a vendor’s email', () => {
    const state = applyStepResult(initialState('r2', { email: 'ada@acme.example' }), LEADSPACE, answer({ person_email: 'a.lovelace@acme.example' }));
    expect(state.values.person_email).toBe('ada@acme.example');
    expect(state.sources.person_email).toBe('input');
  });

  it('lets a later vendor’s work email replace a free-mail address an earlier vendor found', () => {
    const afterLeadspace = applyStepResult(initialState('r2', {}), LEADSPACE, answer({ person_email: 'ada@yahoo.co.uk' }));
    expect(afterLeadspace.values.person_email).toBe('ada@yahoo.co.uk');
    const afterGenius = applyStepResult(afterLeadspace, LEADGENIUS, answer({ person_email: 'ada@acme.example' }));
    expect(afterGenius.values.person_email).toBe('ada@acme.example');
    expect(afterGenius.sources.person_email).toBe('leadgenius');
  });

  it('keeps a free-mail input email when the vendor only has another free-mail address', () => {
    const state = applyStepResult(initialState('r2', { email: 'ada@gmail.com' }), LEADSPACE, answer({ person_email: 'countess@hotmail.com' }));
    expect(state.values.person_email).toBe('ada@gmail.com');
    expect(state.sources.person_email).toBe('input');
  });

  it('never erases a value with an empty or whitespace answer, even when the step may overwrite', () => {
    const input = initialState('r2', { title: 'CTO', city: 'London' });
    for (const step of [LEADSPACE, { ...LEADSPACE, overwrite: true }]) {
      const state = applyStepResult(input, step, answer({ person_title: '', person_city: '   ', company_name: undefined }, 'partially_enriched'));
      expect(state.values).toEqual({ person_title: 'CTO', person_city: 'London' });
      expect(state.sources).toEqual({ person_title: 'input', person_city: 'input' });
      expect(state.steps).toEqual([{ vendor: 'leadspace', status: 'partially_enriched' }]);
    }
  });

  it('records a step that found nothing or failed without touching the values', () => {
    const input = initialState('r2', { firstName: 'Ada' });
    const notFound = applyStepResult(input, LEADSPACE, answer({}, 'not_found'));
    const failed = applyStepResult(notFound, LEADGENIUS, answer({}, 'failed: vendor timeout'));
    expect(failed.values).toEqual(input.values);
    expect(failed.sources).toEqual(input.sources);
    expect(failed.steps).toEqual([
      { vendor: 'leadspace', status: 'not_found' },
      { vendor: 'leadgenius', status: 'failed: vendor timeout' },
    ]);
  });

  it('marks a step answered from the cache, and only such a step', () => {
    const cached = applyStepResult(initialState('r2', {}), LEADSPACE, answer({ person_title: 'CTO' }), { cached: true });
    const fresh = applyStepResult(cached, LEADGENIUS, answer({ person_email: 'ada@acme.example' }), { cached: false });
    expect(fresh.steps).toEqual([
      { vendor: 'leadspace', status: 'enriched', cached: true },
      { vendor: 'leadgenius', status: 'enriched' },
    ]);
    expect(fresh.steps[1]).not.toHaveProperty('cached');
  });

  it('leaves the state it was given unchanged', () => {
    const input = initialState('r2', { firstName: 'Ada' });
    const copy = structuredClone(input);
    applyStepResult(input, { ...LEADSPACE, overwrite: true }, answer({ person_first_name: 'Augusta', person_title: 'CTO' }));
    expect(input).toEqual(copy);
  });
});

describe('leadOf', () => {
  it('gives back the input lead for a lead no vendor has touched', () => {
    const lead = { firstName: 'Ada', lastName: 'Lovelace', domain: 'acme.example', linkedinUrl: 'https://www.linkedin.com/in/ada' };
    expect(leadOf(initialState('r2', lead))).toEqual(lead);
  });

  it('hands a domain found by Leadspace on to LeadGenius, which then applies', () => {
    const input = initialState('r2', { firstName: 'Ada', lastName: 'Lovelace', companyName: 'Acme' });
    expect(stepApplies(LEADGENIUS, input.values)).toBe(false);
    const state = applyStepResult(input, LEADSPACE, answer({ company_domain: 'acme.example', company_industry: 'Software' }));
    expect(stepApplies(LEADGENIUS, state.values)).toBe(true);
    expect(leadOf(state)).toEqual({ firstName: 'Ada', lastName: 'Lovelace', companyName: 'Acme', domain: 'acme.example' });
  });

  it('hands a LinkedIn URL found by an earlier vendor on to AggKnowledge', () => {
    const input = initialState('r2', { email: 'ada@acme.example' });
    const state = applyStepResult(input, LEADSPACE, answer({ person_linkedin_url: 'https://www.linkedin.com/in/ada' }, 'partially_enriched'));
    expect(stepApplies(AGGKNOWLEDGE, state.values)).toBe(true);
    expect(leadOf(state)).toEqual({ email: 'ada@acme.example', linkedinUrl: 'https://www.linkedin.com/in/ada' });
  });

  it('sends only lead fields, trimmed, and leaves out blank values', () => {
    const state: LeadState = {
      x: 'r2',
      values: { person_first_name: '  Ada ', person_last_name: '   ', company_industry: 'Software', enrichment_level: 'full' },
      sources: {},
      steps: [],
    };
    expect(leadOf(state)).toEqual({ firstName: 'Ada' });
  });

  it('sends a value a vendor overwrote rather than the input one', () => {
    const state = applyStepResult(initialState('r2', { domain: 'acme.example' }), { ...LEADSPACE, overwrite: true }, answer({ company_domain: 'acme.co.uk' }));
    expect(leadOf(state).domain).toBe('acme.co.uk');
  });
});

describe('recordStepOutcome', () => {
  it('records a step that applied but did not run, keeping the values', () => {
    const input = initialState('r2', { firstName: 'Ada' });
    const state = recordStepOutcome(input, 'leadgenius', BUDGET_SKIPPED);
    expect(state.values).toEqual(input.values);
    expect(state.sources).toEqual(input.sources);
    expect(state.steps).toEqual([{ vendor: 'leadgenius', status: 'skipped: budget' }]);
    expect(input.steps).toEqual([]);
  });
});

describe('rowStatusOf', () => {
  it('says no plan step applies when no step ran for the row', () => {
    expect(NO_STEP_APPLIES).toBe('not applicable: no plan step applies to the row');
    expect(rowStatusOf(initialState('r2', { firstName: 'Ada' }))).toBe(NO_STEP_APPLIES);
  });

  it('says skipped: budget when any step was skipped for the budget, whatever the others found', () => {
    expect(BUDGET_SKIPPED).toBe('skipped: budget');
    expect(rowStatusOf(withSteps('skipped: budget'))).toBe('skipped: budget');
    expect(rowStatusOf(withSteps('enriched', 'skipped: budget'))).toBe('skipped: budget');
    expect(rowStatusOf(withSteps('failed: vendor timeout', 'skipped: budget', 'partially_enriched'))).toBe('skipped: budget');
  });

  it('says enriched when any step enriched the row, in any position', () => {
    expect(rowStatusOf(withSteps('enriched'))).toBe('enriched');
    expect(rowStatusOf(withSteps('not_found', 'partially_enriched', 'enriched'))).toBe('enriched');
    expect(rowStatusOf(withSteps('failed: vendor timeout', 'enriched'))).toBe('enriched');
  });

  it('says partially_enriched over not_found and failures', () => {
    expect(rowStatusOf(withSteps('not_found', 'partially_enriched'))).toBe('partially_enriched');
    expect(rowStatusOf(withSteps('partially_enriched', 'failed: vendor unavailable'))).toBe('partially_enriched');
  });

  it('reports a failure only when no step found anything, naming the first one', () => {
    expect(rowStatusOf(withSteps('failed: vendor timeout'))).toBe('failed: vendor timeout');
    expect(rowStatusOf(withSteps('not_found', 'rejected: invalid email', 'failed: vendor timeout'))).toBe('rejected: invalid email');
    expect(rowStatusOf(withSteps('failed: not processed, job stopped', 'not_found'))).toBe('failed: not processed, job stopped');
  });

  it('says not_found when every step that ran found nothing', () => {
    expect(rowStatusOf(withSteps('not_found'))).toBe('not_found');
    expect(rowStatusOf(withSteps('not_found', 'not_found', 'not_found'))).toBe('not_found');
  });

  it('follows a lead through a whole plan', () => {
    let state = initialState('r2', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@gmail.com' });
    state = applyStepResult(state, LEADSPACE, answer({ company_domain: 'acme.example' }, 'partially_enriched'));
    state = applyStepResult(state, LEADGENIUS, answer({ person_email: 'ada@acme.example' }), { cached: true });
    state = recordStepOutcome(state, 'aggknowledge', 'failed: vendor timeout');
    expect(rowStatusOf(state)).toBe('enriched');
    expect(provenanceCell(state.sources, ENRICHED_FIELDS)).toBe(
      'person_first_name=input;person_last_name=input;person_email=leadgenius;company_domain=leadspace',
    );
  });
});

describe('provenanceCell', () => {
  it('lists field=source for every filled field in output column order, separated by semicolons', () => {
    const sources: LeadState['sources'] = {
      company_domain: 'leadspace',
      person_title: 'aggknowledge',
      person_first_name: 'input',
      person_email: 'leadgenius',
    };
    expect(provenanceCell(sources, ENRICHED_FIELDS)).toBe('person_first_name=input;person_email=leadgenius;person_title=aggknowledge;company_domain=leadspace');
  });

  it('follows the order of the fields it is given and leaves out the others', () => {
    const sources: LeadState['sources'] = { person_first_name: 'input', company_domain: 'leadspace', person_title: 'aggknowledge' };
    expect(provenanceCell(sources, ['company_domain', 'person_first_name'])).toBe('company_domain=leadspace;person_first_name=input');
  });

  it('is empty when no field has a value', () => {
    expect(provenanceCell({}, ENRICHED_FIELDS)).toBe('');
  });
});
