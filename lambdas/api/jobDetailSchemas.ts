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
