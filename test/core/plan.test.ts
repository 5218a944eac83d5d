import { describe, expect, it } from 'vitest';
import type { EnrichedValues } from '../../lambdas/core/enrichedFields';
import { JobOptionsSchema } from '../../lambdas/core/jobOptions';
import { DEFAULT_PLAN, PlanSchema, VENDORS, isBlank, resolvePlan, stepApplies, type PlanStep } from '../../lambdas/core/plan';
import { isFreeMailAddress } from '../../lambdas/core/workEmail';

const LEADSPACE: PlanStep = { vendor: 'leadspace', requires: [], missing: [], overwrite: false };
const LEADGENIUS: PlanStep = {
  vendor: 'leadgenius',
  requires: ['person_first_name', 'person_last_name', 'company_domain'],
  missing: ['person_email'],
  overwrite: false,
};
const AGGKNOWLEDGE: PlanStep = {
  vendor: 'aggknowledge',
  requires: ['person_linkedin_url'],
  missing: ['person_title'],
  overwrite: false,
};

/** Name and domain known, no email: what LeadGenius is for. */
const NAME_AND_DOMAIN: EnrichedValues = { person_first_name: 'Ada', person_last_name: 'Lovelace', company_domain: 'acme.example' };

describe('resolvePlan', () => {
  it('runs Leadspace, then LeadGenius, then AggKnowledge when the job names no plan', () => {
    expect(DEFAULT_PLAN).toEqual(['leadspace', 'leadgenius', 'aggknowledge']);
    expect(resolvePlan(undefined)).toEqual([LEADSPACE, LEADGENIUS, AGGKNOWLEDGE]);
  });

  it('gives a vendor named alone that vendor’s default rules, in the order the user wrote', () => {
    expect(resolvePlan(['aggknowledge', 'leadspace'])).toEqual([AGGKNOWLEDGE, LEADSPACE]);
    expect(resolvePlan(['leadgenius'])).toEqual([LEADGENIUS]);
  });

  it('treats a step object with only a vendor like the vendor name alone', () => {
    expect(resolvePlan([{ vendor: 'leadgenius' }])).toEqual(resolvePlan(['leadgenius']));
  });

  it('lets a step override requires, missing and overwrite, keeping the defaults for what it leaves out', () => {
    expect(resolvePlan([{ vendor: 'leadgenius', requires: ['person_linkedin_url'] }])).toEqual([{ ...LEADGENIUS, requires: ['person_linkedin_url'] }]);
    expect(resolvePlan([{ vendor: 'aggknowledge', missing: ['person_phone', 'person_city'] }])).toEqual([
      { ...AGGKNOWLEDGE, missing: ['person_phone', 'person_city'] },
    ]);
    expect(resolvePlan([{ vendor: 'leadspace', overwrite: true }])).toEqual([{ ...LEADSPACE, overwrite: true }]);
  });

  it('takes empty requires and missing lists literally: the step then runs for every row', () => {
    const [step] = resolvePlan([{ vendor: 'leadgenius', requires: [], missing: [] }]);
    expect(step).toEqual({ vendor: 'leadgenius', requires: [], missing: [], overwrite: false });
    expect(stepApplies(step!, {})).toBe(true);
  });

  it('can run the same vendor twice with different rules', () => {
    expect(resolvePlan(['leadspace', { vendor: 'leadspace', overwrite: true }])).toEqual([LEADSPACE, { ...LEADSPACE, overwrite: true }]);
  });
});

describe('PlanSchema', () => {
  it('accepts vendor names, step objects and a mix of both', () => {
    expect(PlanSchema.safeParse([...VENDORS]).success).toBe(true);
    expect(PlanSchema.safeParse(['leadspace', { vendor: 'aggknowledge', requires: ['person_linkedin_url'], missing: [], overwrite: true }]).success).toBe(true);
  });

  it('refuses a vendor it does not know, as a name or in a step object', () => {
    expect(PlanSchema.safeParse(['clearbit']).success).toBe(false);
    expect(PlanSchema.safeParse([{ vendor: 'clearbit' }]).success).toBe(false);
    expect(PlanSchema.safeParse(['Leadspace']).success).toBe(false);
  });

  it('refuses an empty plan and a plan longer than six steps', () => {
    expect(PlanSchema.safeParse([]).success).toBe(false);
    expect(PlanSchema.safeParse(Array.from({ length: 6 }, () => 'leadspace')).success).toBe(true);
    expect(PlanSchema.safeParse(Array.from({ length: 7 }, () => 'leadspace')).success).toBe(false);
  });

  it('refuses unknown keys in a step object, a step without a vendor, and fields that are not enriched fields', () => {
    expect(PlanSchema.safeParse([{ vendor: 'leadspace', overwrites: true }]).success).toBe(false);
    expect(PlanSchema.safeParse([{ requires: ['company_domain'] }]).success).toBe(false);
    expect(PlanSchema.safeParse([{ vendor: 'leadgenius', requires: ['domain'] }]).success).toBe(false);
    expect(PlanSchema.safeParse([{ vendor: 'leadgenius', missing: ['person_shoe_size'] }]).success).toBe(false);
    expect(PlanSchema.safeParse([{ vendor: 'leadgenius', overwrite: 'yes' }]).success).toBe(false);
  });

  it('refuses a plan that is not a list', () => {
    expect(PlanSchema.safeParse('leadspace').success).toBe(false);
    expect(PlanSchema.safeParse({ vendor: 'leadspace' }).success).toBe(false);
  });
});

describe('JobOptionsSchema', () => {
  it('accepts a plan, a budget for some vendors and bypassCache', () => {
    const options = { plan: ['leadspace', 'leadgenius'], budget: { leadspace: 1000, leadgenius: 0 }, bypassCache: true };
    expect(JobOptionsSchema.parse(options)).toEqual(options);
  });

  it('accepts options without a plan or budget (the default plan, no cap)', () => {
    expect(JobOptionsSchema.parse({})).toEqual({});
    expect(JobOptionsSchema.parse({ budget: {} })).toEqual({ budget: {} });
  });

  it('refuses a negative or fractional budget', () => {
    expect(JobOptionsSchema.safeParse({ budget: { leadspace: -1 } }).success).toBe(false);
    expect(JobOptionsSchema.safeParse({ budget: { aggknowledge: 2.5 } }).success).toBe(false);
    expect(JobOptionsSchema.safeParse({ budget: { leadgenius: '100' } }).success).toBe(false);
  });

  it('refuses a budget for a vendor it does not know', () => {
    expect(JobOptionsSchema.safeParse({ budget: { clearbit: 10 } }).success).toBe(false);
    expect(JobOptionsSchema.safeParse({ budget: { leadspace: 10, clearbit: 10 } }).success).toBe(false);
  });

  it('refuses an invalid plan, a non-boolean bypassCache and unknown options', () => {
    expect(JobOptionsSchema.safeParse({ plan: [] }).success).toBe(false);
    expect(JobOptionsSchema.safeParse({ plan: ['clearbit'] }).success).toBe(false);
    expect(JobOptionsSchema.safeParse({ bypassCache: 'yes' }).success).toBe(false);
    expect(JobOptionsSchema.safeParse({ budgets: { leadspace: 10 } }).success).toBe(false);
  });
});

describe('isBlank', () => {
  it('treats a missing, empty or whitespace-only value as blank', () => {
    expect(isBlank({}, 'company_domain')).toBe(true);
    expect(isBlank({ company_domain: '' }, 'company_domain')).toBe(true);
    expect(isBlank({ company_domain: '  \t ' }, 'company_domain')).toBe(true);
    expect(isBlank({ company_domain: 'acme.example' }, 'company_domain')).toBe(false);
  });

  it('treats a free-mail address as no work email, in any case', () => {
    expect(isBlank({ person_email: 'ada@gmail.com' }, 'person_email')).toBe(true);
    expect(isBlank({ person_email: 'Ada@GMAIL.COM' }, 'person_email')).toBe(true);
    expect(isBlank({ person_email: 'ada@yahoo.co.uk' }, 'person_email')).toBe(true);
    expect(isBlank({ person_email: ' ada@hotmail.com ' }, 'person_email')).toBe(true);
  });

  it('keeps a company address as a work email, even one that looks like a free-mail domain', () => {
    expect(isBlank({ person_email: 'ada@acme.example' }, 'person_email')).toBe(false);
    expect(isBlank({ person_email: 'ada@notgmail.com' }, 'person_email')).toBe(false);
    expect(isBlank({ person_email: 'ada@gmail.com.acme.example' }, 'person_email')).toBe(false);
    expect(isBlank({ person_email: 'ada@yahoo.co' }, 'person_email')).toBe(false);
  });

  it('only judges free-mail for the email: a free-mail domain in another field is a value', () => {
    expect(isBlank({ company_domain: 'gmail.com' }, 'company_domain')).toBe(false);
    expect(isBlank({ person_linkedin_url: 'ada@gmail.com' }, 'person_linkedin_url')).toBe(false);
  });

  it('agrees with isFreeMailAddress on the mail domains users meet most', () => {
    for (const email of ['a@gmail.com', 'a@googlemail.com', 'a@outlook.com', 'a@icloud.com', 'a@gmx.de', 'a@proton.me']) {
      expect(isFreeMailAddress(email)).toBe(true);
    }
    expect(isFreeMailAddress('a@acme.example')).toBe(false);
    expect(isFreeMailAddress('gmail.com')).toBe(false);
  });
});

describe('stepApplies', () => {
  it('always runs Leadspace by default, even for an empty row', () => {
    expect(stepApplies(LEADSPACE, {})).toBe(true);
    expect(stepApplies(LEADSPACE, { person_email: 'ada@acme.example', person_title: 'CTO' })).toBe(true);
  });

  it('runs LeadGenius for a row with first name, last name and domain but no email', () => {
    expect(stepApplies(LEADGENIUS, NAME_AND_DOMAIN)).toBe(true);
  });

  it('runs LeadGenius when the only email is a free-mail address', () => {
    expect(stepApplies(LEADGENIUS, { ...NAME_AND_DOMAIN, person_email: 'ada@gmail.com' })).toBe(true);
  });

  it('skips LeadGenius when the row already has a work email', () => {
    expect(stepApplies(LEADGENIUS, { ...NAME_AND_DOMAIN, person_email: 'ada@acme.example' })).toBe(false);
  });

  it('skips LeadGenius when the first name, last name or domain is missing or blank', () => {
    expect(stepApplies(LEADGENIUS, { ...NAME_AND_DOMAIN, person_first_name: undefined })).toBe(false);
    expect(stepApplies(LEADGENIUS, { ...NAME_AND_DOMAIN, person_last_name: '' })).toBe(false);
    expect(stepApplies(LEADGENIUS, { ...NAME_AND_DOMAIN, company_domain: '   ' })).toBe(false);
    expect(stepApplies(LEADGENIUS, { person_first_name: 'Ada', person_last_name: 'Lovelace', company_name: 'Acme' })).toBe(false);
  });

  it('runs AggKnowledge for a row with a LinkedIn URL and no title', () => {
    expect(stepApplies(AGGKNOWLEDGE, { person_linkedin_url: 'https://www.linkedin.com/in/ada' })).toBe(true);
    expect(stepApplies(AGGKNOWLEDGE, { person_linkedin_url: 'https://www.linkedin.com/in/ada', person_title: ' ' })).toBe(true);
  });

  it('skips AggKnowledge without a LinkedIn URL, or when the title is already known', () => {
    expect(stepApplies(AGGKNOWLEDGE, { ...NAME_AND_DOMAIN })).toBe(false);
    expect(stepApplies(AGGKNOWLEDGE, { person_linkedin_url: 'https://www.linkedin.com/in/ada', person_title: 'CTO' })).toBe(false);
  });

  it('runs a step with several missing fields while at least one of them is blank', () => {
    const step: PlanStep = { vendor: 'aggknowledge', requires: [], missing: ['person_title', 'person_phone'], overwrite: false };
    expect(stepApplies(step, { person_title: 'CTO' })).toBe(true);
    expect(stepApplies(step, { person_phone: '+1 555 0100' })).toBe(true);
    expect(stepApplies(step, { person_title: 'CTO', person_phone: '+1 555 0100' })).toBe(false);
  });

  it('needs every required field, whatever is missing', () => {
    const step: PlanStep = { vendor: 'leadspace', requires: ['company_domain', 'person_country'], missing: [], overwrite: false };
    expect(stepApplies(step, { company_domain: 'acme.example', person_country: 'FR' })).toBe(true);
    expect(stepApplies(step, { company_domain: 'acme.example' })).toBe(false);
    expect(stepApplies(step, { person_country: 'FR' })).toBe(false);
  });

  it('does not count a free-mail address as a present email for a step that requires one', () => {
    const step: PlanStep = { vendor: 'leadspace', requires: ['person_email'], missing: [], overwrite: false };
    expect(stepApplies(step, { person_email: 'ada@acme.example' })).toBe(true);
    expect(stepApplies(step, { person_email: 'ada@gmail.com' })).toBe(false);
  });
});
