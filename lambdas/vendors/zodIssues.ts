import type { z } from 'zod';

/**
 * Names the paths that failed validation, never the offending values: vendor bodies echo lead data, and this
 * text ends up in error messages and logs.
 */
export function describeIssuePaths(error: z.ZodError, limit = 5): string {
  const paths = [...new Set(error.issues.map((issue) => (issue.path.length ? issue.path.map(String).join('.') : '(root)')))];
  const shown = paths.slice(0, limit).join(', ');
  return paths.length > limit ? `${shown} and ${paths.length - limit} more` : shown;
}
