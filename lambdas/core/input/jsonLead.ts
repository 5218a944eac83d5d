/** One lead of a JSON or JSON Lines file: the parsed object and the length of its text (for memory budgets). */
export interface JsonLead {
  readonly fields: Record<string, unknown>;
  readonly chars: number;
}

/**
 * Longest text of one lead (a JSON Lines line, an element of a JSON array), as MAX_RECORD_CHARS is for a CSV row:
 * a file without line breaks, or a runaway value, must become an error instead of filling memory.
 */
export const MAX_LEAD_CHARS = 1_000_000;

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
