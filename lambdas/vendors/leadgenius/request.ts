/** One record Leadflow sends; `externalId` never leaves Leadflow (the vendor has no field for it). */
export interface LeadGeniusRecord {
  externalId: string;
  first: string;
  middle?: string;
  last: string;
  domain: string;
}

export interface LeadGeniusOptions {
  /** "will be ignored if it is not on your account contract". */
  useSmtpSniff?: boolean;
  useCatchAll?: boolean;
}

export interface SubmitBulkInput {
  records: readonly LeadGeniusRecord[];
  webhookUrl?: string;
  options?: LeadGeniusOptions;
}

/** The body of POST /emailguess/v1/bulk/job, as the document's submission schema defines it. */
export interface LeadGeniusBulkRequest {
  data: Array<{ first: string; middle: string; last: string; domain: string }>;
  options: { use_smtp_sniff: boolean; use_catch_all: boolean };
  webhook_url?: string;
}

/**
 * The documented limit is 5,000 objects per hour per key; a single job larger than that can never be accepted,
 * so the client refuses it up front. Callers cut batches (and pace them) below this.
 */
export const LEADGENIUS_MAX_OBJECTS_PER_HOUR = 5_000;

export function toLeadGeniusBulkRequest(input: SubmitBulkInput): LeadGeniusBulkRequest {
  return {
    // `middle` is "required: True" in the schema, and the document's own example sends middle=''.
    data: input.records.map((r) => ({ first: r.first, middle: r.middle ?? '', last: r.last, domain: r.domain })),
    // Both options are sent explicitly with the documented defaults, so the request says what was asked for.
    options: {
      use_smtp_sniff: input.options?.useSmtpSniff ?? false,
      use_catch_all: input.options?.useCatchAll ?? false,
    },
    ...(input.webhookUrl !== undefined && { webhook_url: input.webhookUrl }),
  };
}
