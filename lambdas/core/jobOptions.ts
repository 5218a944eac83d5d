import * as z from 'zod';
import { ENRICHED_FIELDS } from './enrichedFields';
import { PlanSchema, VENDORS } from './plan';
import { OUTPUT_FORMATS } from './csvStyle';

const Budget = z.int().min(0).max(10_000_000);

/**
 * What a user can choose per job, through the API body, an upload request or a drop-folder sidecar.
 * Stored on the job row; never contains lead data.
 */
export const JobOptionsSchema = z
  .object({
    plan: PlanSchema.optional(),
    columnMapping: z.record(z.string(), z.string()).optional().describe('Lead field → input column name; "" leaves a field unmapped'),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Called (signed) when the job ends'),
    budget: z
      .partialRecord(z.enum(VENDORS), Budget)
      .optional()
      .describe('Most records to send to each vendor in this job; rows past the cap end "skipped: budget"'),
    sheet: z.string().trim().min(1).max(100).optional().describe('The workbook sheet to read (.xlsx input; default: the first visible sheet)'),
    outputFormat: z
      .enum(OUTPUT_FORMATS)
      .optional()
      .describe(
        "excel: enriched.csv and rejected.csv with a BOM, CRLF and the input's delimiter, as Excel on Windows expects (default standard: comma, LF, a BOM when the input had one)",
      ),
    rawCsv: z
      .boolean()
      .optional()
      .describe(
        "Write CSV cells exactly as they are: without it, a cell starting with =, +, -, @, tab or CR gets a leading ' against formula injection (the JSONL is always raw)",
      ),
    force: z
      .boolean()
      .optional()
      .describe('Go on even when intake finds no column identifying a lead or would reject most rows (the job otherwise stops before any vendor call)'),
    bypassCache: z.boolean().optional().describe('Ask the vendors again even for leads answered in the last days (fresh results replace the cached ones)'),
    heroBaseSearch: z
      .object({
        name: z.string().trim().min(1).max(200).describe('HeroBase lead search to read the leads from'),
        from: z.iso.date().describe('Leads modified on or after this day (YYYY-MM-DD)'),
        to: z.iso.date().optional().describe('… and before this day'),
        encoding: z.enum(['utf-8', 'windows-1252']).optional().describe('Encoding to ask the CSV export in (default utf-8)'),
      })
      .strict()
      .optional()
      .describe('Start from a HeroBase lead search instead of a file, to re-enrich leads already in the dialer'),
    export: z
      .object({
        campaignCode: z.string().trim().min(1).max(100).describe('HeroBase campaign to push the enriched leads into'),
        fieldMapping: z
          .record(z.string().min(1), z.enum([...ENRICHED_FIELDS, 'full_name']))
          .optional()
          .describe('Campaign field → enriched field (or full_name); fields named like name, phone, email, company are filled by default'),
      })
      .strict()
      .optional()
      .describe('Push the result into a HeroBase dialer campaign; its rights are checked before anything is bought'),
  })
  .strict();

export type JobOptions = z.infer<typeof JobOptionsSchema>;
