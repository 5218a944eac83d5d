import { config } from '../aws/config';
import { heroBaseClient, heroBasePacer } from '../aws/herobase';
import { JobsRepository } from '../aws/jobsRepository';
import { invocationLogger } from '../aws/logger';
import { canListCampaigns, exportPreflightProblems, type CampaignFacts } from '../core/exportPreflight';
import { VendorFatalError } from '../vendors/errors';
import { countVendorCalls } from '../aws/metrics';

countVendorCalls();
import { HeroBaseForbiddenError, type HeroBaseClient } from '../vendors/herobase';
import { ExportPreflightFailed } from '../core/errors';

/**
 * Before anything is bought: a job that will push into a HeroBase campaign checks that the account may (POST on
 * Leads, a project right covering the campaign's project, wildcards included) and that the campaign exists.
 */
export async function handler(event: { jobId: string }): Promise<void> {
  const env = config(
    'JOBS_TABLE', 'LEAD_DATA_EXPIRY_DAYS', 'HEROBASE_SECRET_ID', 'HEROBASE_REQUESTS_PER_MINUTE', 'LIMITS_TABLE', 'VENDOR_LIMIT_MARGIN_MS',
  );
  const job = await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).get(event.jobId);
  const campaignCode = job?.options?.export?.campaignCode;
  if (!campaignCode) return;
  const logger = invocationLogger({ jobId: event.jobId });

  let problems: string[];
  try {
    const client = await heroBaseClient(env.HEROBASE_SECRET_ID, { maxAttempts: 1 });
    const paced = heroBasePacer(env.HEROBASE_SECRET_ID, {
      limitsTable: env.LIMITS_TABLE,
      requestsPerMinute: env.HEROBASE_REQUESTS_PER_MINUTE,
      marginMs: env.VENDOR_LIMIT_MARGIN_MS,
    });
    const account = await paced(() => client.account());
    const listed = canListCampaigns(account)
      ? (await paced(() => client.campaigns())).find((c) => c.code.toLowerCase() === campaignCode.toLowerCase())
      : undefined;
    problems = exportPreflightProblems(account, campaignCode, listed ?? (await paced(() => probeCampaign(client, campaignCode))));
  } catch (error) {
    // A refused login is as final as a missing right: say so in the same words.
    if (error instanceof VendorFatalError) throw new ExportPreflightFailed(`HeroBase export check failed: ${error.message}`);
    throw error;
  }
  if (problems.length > 0) {
    logger.warn('HeroBase export would be refused', { problems: problems.length });
    throw new ExportPreflightFailed(`HeroBase export to campaign '${campaignCode}' is not possible: ${problems.join('; ')}`);
  }
  logger.info('HeroBase export rights checked');
}

/**
 * A campaign the account cannot list: its import example says whether it exists (404) and, in a 403, which
 * project right is missing.
 */
async function probeCampaign(client: HeroBaseClient, campaignCode: string): Promise<CampaignFacts> {
  try {
    await client.importExample(campaignCode);
    return {};
  } catch (error) {
    if ((error as { httpStatus?: number }).httpStatus === 404) return { missing: true };
    if (error instanceof HeroBaseForbiddenError) return { projectName: error.missingProjectRight };
    throw error;
  }
}
