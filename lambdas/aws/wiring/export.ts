/* The adapters of the export handler (lambdas/handlers/export.ts), built once per container from its configuration. */
import type { ExportPorts } from '../../app/exportToCampaign';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { ExportLedger } from '../exportLedger';
import { heroBaseClient, heroBasePacer } from '../herobase';
import { lazy } from '../lazy';
import { countVendorCalls } from '../metrics';
import { openObjectWriter, readJsonLines } from '../s3';
import { invocationLog, jobStore } from '../workflowPorts';
import { jobLayout } from '../../core/jobLayout';
import type { LeadState } from '../../core/leadState';

countVendorCalls();

export const ports = lazy((): ExportPorts => {
  const env = config(...FUNCTION_ENV.export);
  const paced = heroBasePacer(env.HEROBASE_SECRET_ID, {
    limitsTable: env.LIMITS_TABLE,
    requestsPerMinute: env.HEROBASE_REQUESTS_PER_MINUTE,
    marginMs: env.VENDOR_LIMIT_MARGIN_MS,
  });
  const ledger = (jobId: string) => new ExportLedger(env.CACHE_TABLE, jobId, Math.floor(Date.now() / 1000) + env.LEAD_DATA_EXPIRY_DAYS * 86_400);
  const leads = (jobId: string, step: number) => readJsonLines<LeadState>(env.DATA_BUCKET, jobLayout(jobId).leads(step));
  const heroBase = () => heroBaseClient(env.HEROBASE_SECRET_ID, { maxAttempts: 1 });
  // Real time, not the runtime's scaled clock: the slice guards Lambda's 15-minute limit.
  return {
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    heroBase,
    paced: (call, n) => paced(call, n),
    ledger,
    leads,
    openWriter: (key, type) => openObjectWriter(env.DATA_BUCKET, key, type),
    clock: Date.now,
    log: invocationLog,
  };
});
