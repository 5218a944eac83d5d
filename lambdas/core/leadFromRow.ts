import type { ColumnMapping } from './columnMapping';
import type { Lead, LeadField } from './lead';
import { normalizeDomain, normalizeEmail, normalizeLinkedinUrl, normalizePhone, normalizeText, splitFullName, withoutPlaceholder } from './normalize';
import { REJECTION_REASONS, validateLead, type LeadValidation } from './validate';

const NORMALIZERS: Record<LeadField, (value: string | undefined) => string | undefined> = {
  firstName: normalizeText,
  lastName: normalizeText,
  email: normalizeEmail,
  title: normalizeText,
  phone: normalizePhone,
  companyName: normalizeText,
  domain: normalizeDomain,
  country: normalizeText,
  state: normalizeText,
  city: normalizeText,
  linkedinUrl: normalizeLinkedinUrl,
};

/**
 * Turns one data row into a lead ready for a vendor, or the reason it cannot be one.
 * `cells` is a row as readLeadFile yields it (already the header's length).
 */
export function leadFromRow(cells: readonly string[], mapping: ColumnMapping): LeadValidation {
  if (cells.every((cell) => cell.trim() === '')) return { ok: false, reason: REJECTION_REASONS.emptyRow };

  const draft: Lead = {};
  for (const [field, normalize] of Object.entries(NORMALIZERS) as [LeadField, typeof normalizeText][]) {
    const index = mapping.columns[field];
    const value = index === undefined ? undefined : normalize(withoutPlaceholder(cells[index]));
    if (value !== undefined) draft[field] = value;
  }

  if (mapping.fullNameColumn !== undefined) {
    const split = splitFullName(withoutPlaceholder(cells[mapping.fullNameColumn]));
    // Only fields without a column of their own come from the full name.
    if (mapping.columns.firstName === undefined && split.firstName) draft.firstName = split.firstName;
    if (mapping.columns.lastName === undefined && split.lastName) draft.lastName = split.lastName;
  }

  return validateLead(draft);
}
