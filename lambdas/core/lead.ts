import * as z from 'zod';

export { LEAD_FIELDS, type LeadField } from './leadFields';

const optionalText = z.string().trim().min(1).optional();

/** A lead after column mapping and normalization: every present field is non-empty and trimmed. */
export const LeadSchema = z.object({
  firstName: optionalText,
  lastName: optionalText,
  email: z.email().optional(),
  title: optionalText,
  phone: optionalText,
  companyName: optionalText,
  domain: optionalText,
  country: optionalText,
  state: optionalText,
  city: optionalText,
  linkedinUrl: optionalText,
});

export type Lead = z.infer<typeof LeadSchema>;

/** A lead as it travels to a vendor: the external id maps the vendor's answer back to input rows. */
export interface BatchRecord {
  externalId: string;
  lead: Lead;
}
