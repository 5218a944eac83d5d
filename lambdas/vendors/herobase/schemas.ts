import * as z from 'zod';

/*
 * Response bodies as Leadflow reads the guide and the service list (see client.ts). Lenient about extra keys,
 * strict where the client's logic depends on a value.
 */

export const AccountSchema = z.looseObject({
  username: z.string(),
  logRequestData: z.boolean().optional().default(false),
  projectRights: z.array(z.string()),
  resourceRights: z.record(z.string(), z.array(z.string())),
});
export type HeroBaseAccount = z.infer<typeof AccountSchema>;

export const CampaignSchema = z.looseObject({
  code: z.string().min(1),
  name: z.string(),
  projectName: z.string(),
  active: z.boolean(),
});
export const CampaignListSchema = z.array(CampaignSchema);
export type HeroBaseCampaign = z.infer<typeof CampaignSchema>;

export const ImportExampleSchema = z.looseObject({
  campaignCode: z.string(),
  data: z.record(z.string(), z.string()),
});

/**
 * A lead id in an import reply, kept as text whatever JSON type the vendor uses. Only a plain token: the id is
 * stored with the export's outcome, and free text there could echo the lead.
 */
export const LeadIdSchema = z.union([z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/), z.number().int().nonnegative()]).transform(String);

/** 400 of POST /api/leads (and of other services): `{ message, errors: [{ field, message }] }`. */
export const ValidationErrorBodySchema = z.looseObject({
  errors: z.array(z.looseObject({ field: z.string(), message: z.string().nullish() })).nullish(),
});

/** 403: `{ message, missingRight?: "POST Leads", missingProjectRight?: "Retail DK" }` (Leadflow's reading). */
export const ForbiddenBodySchema = z.looseObject({
  message: z.string().nullish(),
  missingRight: z.string().nullish(),
  missingProjectRight: z.string().nullish(),
});

export const LeadSearchSchema = z.looseObject({ name: z.string().min(1), description: z.string().nullish() });
export const LeadSearchListSchema = z.array(LeadSearchSchema);
export type HeroBaseLeadSearch = z.infer<typeof LeadSearchSchema>;

export const ExportedLeadSchema = z.looseObject({
  leadId: z.union([z.string().min(1), z.number().int()]).transform(String),
  campaignCode: z.string(),
  modifiedAt: z.iso.datetime({ offset: true }),
  // Values as the vendor stores them; a missing value may come back as null.
  data: z.record(z.string(), z.string().nullable()),
});
export const ExportedLeadListSchema = z.array(ExportedLeadSchema);
export type HeroBaseExportedLead = z.infer<typeof ExportedLeadSchema>;
