import {
  HeroBaseForbiddenError,
  HeroBaseRateLimitedError,
  VendorProtocolError,
  hasResourceRight,
  projectRightCovers,
  type HeroBaseAccount,
  type HeroBaseCampaign,
  type HeroBaseClient,
} from '../../../lambdas/vendors/herobase';
import { isUnauthorized, statusOf, whyFailed } from './errors';
import { LineBook, confirmed, contradicted, notChecked, type CheckLine, type Verdict } from './lines';

export interface HeroBaseTarget {
  client: HeroBaseClient;
  /** the campaign a job would export to, when one is configured */
  campaignCode?: string;
}

function readings(campaign: string): Record<string, string> {
  return {
    account: 'credentials are accepted; the account has projectRights, resourceRights',
    importRight: 'the account may import leads (POST Leads)',
    campaigns: 'campaigns read as [{ code, name, projectName, active }]',
    importExample: `the import example of ${campaign} has the guide's format`,
    projectRight: `a project right covers the project of ${campaign}`,
    importReply: 'an import is answered 2XX, with or without a leadId',
  };
}

/** Read-only: the account, the campaign list and one campaign's import example. A lead is never imported. */
export async function checkHeroBase(target: HeroBaseTarget): Promise<CheckLine[]> {
  const code = target.campaignCode;
  const book = new LineBook('herobase', readings(code === undefined ? 'the campaign' : `campaign ${JSON.stringify(code)}`));
  const { client } = target;
  // The reply is only seen by importing, which would add a lead to a campaign for good (imports only create).
  book.put('importReply', notChecked('only an import shows it; this check never imports a lead'));

  let account: HeroBaseAccount;
  try {
    account = await client.account();
  } catch (error) {
    book.put('account', failure(error, 'account'));
    return book.rest(notChecked(isUnauthorized(error) ? 'the credentials were refused' : 'the account could not be read'));
  }
  book.put('account', confirmed(describeRights(account)));
  book.put('importRight', hasResourceRight(account, 'Leads', 'POST') ? confirmed() : contradicted('rights', 'no POST Leads; exports fail at Preflight'));

  let campaigns: HeroBaseCampaign[] | undefined;
  try {
    campaigns = await client.campaigns();
    book.put('campaigns', confirmed(`${campaigns.length} campaign(s)`));
  } catch (error) {
    // The guide allows accounts that may not see campaigns: someone gives them the code instead.
    book.put('campaigns', error instanceof HeroBaseForbiddenError ? notChecked('the account has no GET Campaigns right') : failure(error, 'campaigns'));
  }

  if (code === undefined) return book.rest(notChecked('no campaign configured (--campaign CODE)'));
  let refusedProject = false;
  try {
    const specs = await client.importExample(code, { all: true });
    book.put('importExample', confirmed(`${specs.length} field(s), ${specs.filter((s) => s.required).length} required`));
  } catch (error) {
    if (error instanceof HeroBaseForbiddenError) {
      // Which right is missing is reported on its own line; the example itself was not shown.
      refusedProject = error.missingProjectRight !== undefined;
      book.put('importExample', notChecked(`the account may not read it (${error.missingRight ? `missing ${error.missingRight}` : 'HTTP 403'})`));
    } else {
      book.put('importExample', statusOf(error) === 404 ? contradicted('campaign', 'unknown to HeroBase (HTTP 404)') : failure(error, 'import example'));
    }
  }

  // The campaign list shows only campaigns a project right covers, so a refusal names the uncovered one.
  const campaign = campaigns?.find((c) => c.code === code);
  if (refusedProject || (campaign && !projectRightCovers(account.projectRights, campaign.projectName))) {
    book.put('projectRight', contradicted('project rights', "none covers the campaign's project; exports fail at Preflight"));
  } else if (campaign) {
    book.put('projectRight', confirmed());
  } else {
    book.put('projectRight', notChecked(campaigns ? "the campaign is not in the account's campaign list" : 'the campaign list could not be read'));
  }
  return book.done();
}

function failure(error: unknown, what: string): Verdict {
  if (isUnauthorized(error)) return contradicted('credentials', `HTTP ${error.httpStatus}, refused`);
  if (error instanceof HeroBaseRateLimitedError) return notChecked('rate limited (HTTP 429); try again in a minute');
  if (error instanceof HeroBaseForbiddenError) return contradicted('rights', `HTTP 403 on ${what}`);
  if (error instanceof VendorProtocolError && error.httpStatus === 200) return contradicted(what, 'not the documented shape', false);
  return notChecked(whyFailed(error));
}

/** Resource rights as verbs per resource, project rights as a count: the rights' names are the account's, not the leads'. */
function describeRights(account: HeroBaseAccount): string {
  const resources = Object.entries(account.resourceRights)
    .map(([resource, verbs]) => `${resource} ${verbs.join('/')}`)
    .sort()
    .join(', ');
  return `${resources || 'no resource rights'}; ${account.projectRights.length} project right(s)`;
}
