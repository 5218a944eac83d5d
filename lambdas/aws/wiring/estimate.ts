/* The adapters of the estimate handler (lambdas/handlers/estimate.ts), built once per container from its configuration. */
import { estimateJob, type EstimateInput, type EstimateJobPorts } from '../../app/estimateJob';
import { AWS_LIST_PRICES } from '../../core/awsPrices';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { readObjectVersion } from '../s3';
import { VendorCache } from '../vendorCache';

export const useCase = lazy(() => {
  const env = config(...FUNCTION_ENV.estimate);
  const ports: EstimateJobPorts = {
    objects: { readVersion: (key, etag) => readObjectVersion(env.DATA_BUCKET, key, etag) },
    cache: new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS),
    now: () => new Date(),
  };
  const settings = {
    maxInputBytes: env.MAX_INPUT_BYTES,
    maxInputRows: env.MAX_INPUT_ROWS,
    leadGeniusObjectsPerHour: env.LEADGENIUS_OBJECTS_PER_HOUR,
    aggKnowledgeTier3PerMinute: env.AGGKNOWLEDGE_TIER3_PER_MINUTE,
    leadspaceBacklogLeads: env.LEADSPACE_BACKLOG_LEADS,
    aggKnowledgeEnvironment: env.AGGKNOWLEDGE_ENVIRONMENT,
    prices: AWS_LIST_PRICES,
  };
  return (event: EstimateInput) => estimateJob(ports, settings, event);
});
