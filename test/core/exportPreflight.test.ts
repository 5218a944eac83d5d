import { describe, expect, it } from 'vitest';
import { canListCampaigns, exportPreflightProblems } from '../../lambdas/core/exportPreflight';

const account = (resourceRights: Record<string, string[]>, projectRights: string[]) => ({ resourceRights, projectRights });
const full = account({ Leads: ['GET', 'POST'], Campaigns: ['GET'] }, ['A project name', 'B2B*']);

describe('exportPreflightProblems', () => {
  it('finds nothing missing when POST Leads and a (wildcard) project right cover the campaign', () => {
    expect(exportPreflightProblems(full, 'C1', { projectName: 'B2B Nordics' })).toEqual([]);
    expect(exportPreflightProblems(full, 'C1', { projectName: 'A project name' })).toEqual([]);
  });

  it('names each missing right', () => {
    const readOnly = account({ Leads: ['GET'] }, ['Retail*']);
    expect(exportPreflightProblems(readOnly, 'C1', { projectName: 'B2B Nordics' })).toEqual([
      'missing resource right POST Leads',
      "no project right covers project 'B2B Nordics'",
    ]);
  });

  it('says when the campaign does not exist, and what else is missing', () => {
    expect(exportPreflightProblems(account({}, []), 'NOPE', { missing: true })).toEqual([
      "campaign 'NOPE' does not exist",
      'missing resource right POST Leads',
    ]);
  });

  it('leaves a project it cannot see to HeroBase, checking only what it knows', () => {
    expect(exportPreflightProblems(full, 'C1', {})).toEqual([]);
  });
});

describe('canListCampaigns', () => {
  it('needs GET on Campaigns', () => {
    expect(canListCampaigns(full)).toBe(true);
    expect(canListCampaigns(account({ Campaigns: ['POST'] }, []))).toBe(false);
  });
});
