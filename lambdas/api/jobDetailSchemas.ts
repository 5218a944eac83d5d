import { z } from '@hono/zod-openapi';

/* Parts of the job view the web console shows: counts from the job record that Merge writes, never lead data. */

const Count = z.number().int().min(0);
const ByReason = z.record(z.string(), Count);

export const RowReasonsSchema = z
  .object({
    rejected: ByReason.describe('Rows rejected at intake or by a vendor, by reason'),
    failed: ByReason.describe('Rows that failed, by reason'),
    skipped: ByReason.describe('Rows a plan step wanted but did not run for (budget), by reason'),
  })
  .openapi('RowReasons', { description: 'Leadflow\'s own reasons ("invalid email"), never a value of the file' });

export const VendorOutcomesSchema = z
  .record(
    z.string(),
    z.object({
      rows: Count.describe("Rows the vendor's steps applied to"),
      found: Count.describe('Of those, rows it found something for'),
      notFound: Count.describe('Rows it found nothing for'),
      fromCache: Count.describe('Rows answered from the cross-job cache'),
    }),
  )
  .openapi('VendorOutcomes', { description: 'Per vendor of the plan, once the job has ended: the waterfall of what each found' });

export const JobCostSchema = z
  .object({
    usd: z.number().min(0).describe("AWS cost in US dollars at list prices, from the job's own counts (docs/cost.md): final once the job has ended"),
    pricesAsOf: z.string().describe('The date the list prices were taken'),
  })
  .openapi('JobCost', { description: 'What the job costs on AWS; the vendors bill their records apart (progress.vendors)' });
