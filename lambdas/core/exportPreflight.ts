import { hasResourceRight, missingRights, type HeroBaseRights } from './herobaseRights';

/** What Leadflow could learn about the campaign: that it does not exist, or its project (when visible). */
export type CampaignFacts = { missing: true } | { projectName?: string };

/**
 * Why a HeroBase export into the campaign would be refused, as reasons an operator can take to HeroBase support;
 * empty when nothing is missing. Decided before any vendor record is bought, so a job never pays for enrichment
 * it cannot deliver. A project the account cannot see is checked by HeroBase itself on import.
 */
export function exportPreflightProblems(account: HeroBaseRights, campaignCode: string, campaign: CampaignFacts): string[] {
  if ('missing' in campaign) {
    return [`campaign '${campaignCode}' does not exist`, ...missingRights(account, { resource: 'Leads', verb: 'POST' })];
  }
  return missingRights(account, { resource: 'Leads', verb: 'POST', projectName: campaign.projectName });
}

/** Whether the account may list campaigns, which is the plain way to learn a campaign's project. */
export function canListCampaigns(account: HeroBaseRights): boolean {
  return hasResourceRight(account, 'Campaigns', 'GET');
}
