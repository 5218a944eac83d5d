import { z } from '@hono/zod-openapi';
import { VENDORS } from '../core/plan';
import { JobIntake } from './schemas';

/* The estimate POST /jobs?dryRun=true answers (lambdas/core/estimate.ts): counts only, never lead data. */

const Count = z.number().int().min(0);
const Range = z
  .object({ min: z.number().min(0), max: z.number().min(0) })
  .openapi('CountRange', { description: 'Exact when min equals max; a later step that depends on earlier answers is a range' });

const StepEstimateSchema = z
  .object({
    step: Count,
    vendor: z.enum(VENDORS),
    leads: Range.describe("Leads the step's rules pick"),
    cacheHits: Range.describe('Of those, answered by the cross-job cache: nothing billed'),
    shared: Range.describe('Of those, asking the same question as an earlier lead of the job: they share its record'),
    records: Range.describe('Records the step would send the vendor: at most what it bills'),
    budget: Count.optional().describe("The job's budget for the vendor"),
    overBudget: Range.describe('Leads the budget would leave out, in file order (their rows end "skipped: budget")'),
    durationSeconds: Range.describe("How long the vendor's configured limits make the step take"),
    durationBasis: z.string().describe('The limit behind the duration'),
  })
  .openapi('StepEstimate');

export const JobEstimateSchema = z
  .object({
    rows: Count,
    rejected: z.object({ total: Count, byReason: z.record(z.string(), Count) }),
    reportFooters: Count,
    duplicates: Count,
    uniqueLeads: Count,
    intake: JobIntake.omit({ reportFooters: true, raggedRows: true, refused: true }),
    refusal: z.string().optional().describe('Why the job would stop before any vendor call, unless options.force'),
    steps: z.array(StepEstimateSchema),
    durationSeconds: Range,
    awsCost: z.object({
      usd: Range,
      lines: z.array(z.object({ service: z.string(), count: z.number(), unit: z.string(), usd: z.number() })),
      pricesAsOf: z.string().describe('The date the list prices were taken (lambdas/core/awsPrices.ts)'),
    }),
  })
  .openapi('JobEstimate', { description: 'What the job would do, before anything is bought: no job is created, no vendor called' });
