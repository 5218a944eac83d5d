import { canListCampaigns, exportPreflightProblems, type CampaignFacts } from '../core/exportPreflight';
import { ExportPreflightFailed } from '../core/errors';
import { VendorFatalError } from '../vendors/errors';
import { HeroBaseForbiddenError, type HeroBaseClient } from '../vendors/herobase';
import type { JobStore, Log } from './ports';

/** The HeroBase calls the check makes, each paced to the account's fair-use limit. */
export type HeroBaseCalls = Pick<HeroBaseClient, 'account' | 'campaigns' | 'importExample'>;

export interface CheckExportRightsPorts {
  jobs: Pick<JobStore, 'get'>;
  /** the account's client, built from its secret (one attempt per call: a refusal here is final) */
  heroBase(): Promise<HeroBaseCalls>;
  /** runs one call within the shared HeroBase pace */
  paced<T>(call: () => Promise<T>): Promise<T>;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * Preflight, before anything is bought: a job that will push into a HeroBase campaign checks that the account
 * may (POST on Leads, a project right covering the campaign's project, wildcards included) and that the
 * campaign exists. A refusal ends the job with the reason (ExportPreflightFailed), having bought nothing.
 */
export async function checkExportRights(ports: CheckExportRightsPorts, jobId: string): Promise<void> {
  const campaignCode = (await ports.jobs.get(jobId))?.options?.export?.campaignCode;
  if (!campaignCode) return;
  const log = ports.log({ jobId });
  let problems: string[];
  try {
    const client = await ports.heroBase();
    const account = await ports.paced(() => client.account());
    const listed = canListCampaigns(account)
      ? (await ports.paced(() => client.campaigns())).find((c) => c.code.toLowerCase() === campaignCode.toLowerCase())
      : undefined;
    problems = exportPreflightProblems(account, campaignCode, listed ?? (await ports.paced(() => probeCampaign(client, campaignCode))));
  } catch (error) {
    // A refused login is as final as a missing right: say so in the same words.
    if (error instanceof VendorFatalError) throw new ExportPreflightFailed(`HeroBase export check failed: ${error.message}`);
    throw error;
  }
  if (problems.length > 0) {
    log.warn('HeroBase export would be refused', { problems: problems.length });
    throw new ExportPreflightFailed(`HeroBase export to campaign '${campaignCode}' is not possible: ${problems.join('; ')}`);
  }
  log.info('HeroBase export rights checked');
}

/**
 * A campaign the account cannot list: its import example says whether it exists (404) and, in a 403, which
 * project right is missing.
 */
async function probeCampaign(client: HeroBaseCalls, campaignCode: string): Promise<CampaignFacts> {
  try {
    await client.importExample(campaignCode);
    return {};
  } catch (error) {
    if ((error as { httpStatus?: number }).httpStatus === 404) return { missing: true };
    if (error instanceof HeroBaseForbiddenError) return { projectName: error.missingProjectRight };
    throw error;
  }
}
