import type { IntakeView } from '../../lambdas/core/intakeView';

const columnRef = (c: { column: number; header?: string }) => (c.header === undefined ? `column ${c.column}` : `column ${c.column} "${c.header}"`);

/**
 * What `enrich` prints before anything is bought: each field and the column feeding it (by position, and by
 * header name when the header is one Leadflow recognises), the columns left unused, and the preamble skipped.
 */
export function formatMapping(view: IntakeView): string {
  const width = Math.max(...view.mapping.map((m) => m.field.length), 5);
  const lines = ['Column mapping (field <- column):'];
  for (const m of view.mapping) lines.push(`  ${m.field.padEnd(width)} <- ${columnRef(m)}${m.field === 'fullName' ? ' (split into first and last name)' : ''}`);
  if (view.mapping.length === 0) lines.push('  (no column maps to a lead field)');
  if (view.unused.length > 0) lines.push(`  not used: ${view.unused.map(columnRef).join(', ')}`);
  if (!view.headerRecognized) lines.push('  The first row names no column Leadflow knows: it is read as the header, and shown by position only.');
  if (view.preambleRows > 0) lines.push(`  ${view.preambleRows} line(s) above the header skipped (a report's title lines)`);
  if (view.excelSepLine) lines.push('  Excel "sep=" line honoured and skipped');
  return lines.join('\n');
}
