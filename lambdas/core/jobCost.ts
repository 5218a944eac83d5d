import { awsCost, type CostLine } from './awsCost';
import type { AwsPrices } from './awsPrices';
import type { JobRecord } from './job';
import { resolvePlan, VENDORS, type Vendor } from './plan';
import { projectUsage, type JobShape } from './usageModel';
import { VENDOR_BATCH_SIZE } from './batchSize';

export interface JobAwsCost {
  usd: number;
  lines: CostLine[];
  pricesAsOf: string;
}

/**
 * A job's shape from its own counts (docs/cost.md, "A job's AWS cost"): rows, the vendors' records sent, the leads
 * looked up in the cache and the batch rounds submitted. `rounds` comes from the job's batches (Merge has them);
 * without it, as in a running job's view, each batch counts one round of VENDOR_BATCH_SIZE records.
 */
export function jobShapeOf(job: JobRecord, rounds?: ReadonlyArray<{ vendor: Vendor; round: number }>): JobShape {
  const plan = resolvePlan(job.options?.plan);
  return {
    rows: job.rows ?? 0,
    planSteps: plan.length + 1,
    steps: VENDORS.filter((vendor) => plan.some((step) => step.vendor === vendor)).map((vendor) => {
      const records = job[`${vendor}Sent`] ?? 0;
      const batches = rounds
        ? rounds.filter((b) => b.vendor === vendor).reduce((sum, b) => sum + Math.max(1, b.round), 0)
        : Math.ceil(records / VENDOR_BATCH_SIZE[vendor]);
      // A job that bypasses the cache looks nothing up.
      const lookups = job.options?.bypassCache ? 0 : (job[`${vendor}Planned`] ?? 0) + (job[`${vendor}CacheHits`] ?? 0);
      return { vendor, records, batches, lookups };
    }),
  };
}

/** What the shape costs on AWS at these prices, line by line (the same model the estimate prices). */
export function jobAwsCost(shape: JobShape, prices: AwsPrices): JobAwsCost {
  const lines = awsCost(projectUsage(shape), prices);
  return { usd: lines.reduce((sum, line) => sum + line.usd, 0), lines, pricesAsOf: prices.asOf };
}
