import { LeadSchema, type Lead } from './lead';

/**
 * Why a row is not sent for enrichment. These exact strings end up in the output's status column
 * (`rejected: <reason>`) and in summary counts, so they name a field and never contain a value.
 */
export const REJECTION_REASONS = {
  emptyRow: 'empty row',
  missingFirstName: 'missing first name',
  missingLastName: 'missing last name',
  missingIdentifier: 'missing company, email and website',
  invalidEmail: 'invalid email',
} as const;

export type RejectionReason = (typeof REJECTION_REASONS)[keyof typeof REJECTION_REASONS];

export type LeadValidation = { ok: true; lead: Lead } | { ok: false; reason: string };

const emailSchema = LeadSchema.shape.email;

/**
 * Checks a normalized lead against the vendor's minimum input for person enrichment (Leadspace Bulk API v3 answers
 * 400 without it): first name, last name, and at least one of company name, email or website.
 *
 * An invalid email is dropped when a company or domain still identifies the lead: the row can be enriched, and the
 * vendor may even return the right email. It rejects the row only when it was the sole identifier.
 */
export function validateLead(draft: Lead): LeadValidation {
  if (draft.firstName === undefined) return { ok: false, reason: REJECTION_REASONS.missingFirstName };
  if (draft.lastName === undefined) return { ok: false, reason: REJECTION_REASONS.missingLastName };

  const { email, ...rest } = draft;
  const emailIsValid = email !== undefined && emailSchema.safeParse(email).success;
  const hasCompany = rest.companyName !== undefined || rest.domain !== undefined;
  if (!emailIsValid && !hasCompany) {
    return {
      ok: false,
      reason: email === undefined ? REJECTION_REASONS.missingIdentifier : REJECTION_REASONS.invalidEmail,
    };
  }

  const parsed = LeadSchema.safeParse(emailIsValid ? { ...rest, email } : rest);
  if (!parsed.success) {
    // Only the path is used: zod's messages may quote the value.
    const field = parsed.error.issues[0]?.path[0];
    return { ok: false, reason: `invalid ${typeof field === 'string' ? field : 'lead'}` };
  }
  return { ok: true, lead: parsed.data };
}
