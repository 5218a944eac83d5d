/**
 * The part of EventBridge's event pattern language that Leadflow's rules use (lib/job-events.ts): fields matched
 * against a list of literal values, nested objects for nested fields. Content filters (prefix, anything-but, numeric,
 * exists, wildcard...) are refused when the rules are read rather than guessed at (docs/local-runtime.md).
 */
export type EventPattern = { [field: string]: EventPattern | Literal[] };
type Literal = string | number | boolean | null;

const isLiteral = (value: unknown): value is Literal => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** What in `pattern` this matcher cannot evaluate, as `field.path: reason`; empty when it can match it exactly. */
export function unsupportedInPattern(pattern: unknown, path = ''): string[] {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) return [`${path || '(pattern)'}: not an object`];
  return Object.entries(pattern as Record<string, unknown>).flatMap(([field, value]) => {
    const at = path ? `${path}.${field}` : field;
    if (Array.isArray(value)) return value.every(isLiteral) ? [] : [`${at}: content filters are not emulated`];
    if (value !== null && typeof value === 'object') return unsupportedInPattern(value, at);
    return [`${at}: a pattern field must be a list of values or an object`];
  });
}

/**
 * As EventBridge matches: every field of the pattern must be in the event with one of the listed values (an array in
 * the event matches if any element does); a field the pattern does not name is ignored.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  return Object.entries(pattern).every(([field, expected]) => {
    if (!Object.hasOwn(event, field)) return false;
    const actual = (event as Record<string, unknown>)[field];
    if (!Array.isArray(expected)) return matchesPattern(expected, actual);
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((value) => expected.some((literal) => literal === value));
  });
}
