/**
 * The canonical fields Leadflow understands, whatever the input file calls them. In a module of their own, without
 * zod, so that column mapping can run in the web console's browser bundle (console/) without the schema library.
 */
export const LEAD_FIELDS = ['firstName', 'lastName', 'email', 'title', 'phone', 'companyName', 'domain', 'country', 'state', 'city', 'linkedinUrl'] as const;

export type LeadField = (typeof LEAD_FIELDS)[number];
