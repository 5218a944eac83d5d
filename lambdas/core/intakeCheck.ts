import type { IntakeView } from './intakeView';
import { ERROR_NAMES } from './errorNames';

/*
 * A job whose file Leadflow did not understand is stopped before any vendor call, with what to do about it: a
 * mapping that cannot identify a lead, or a file most of whose rows would be rejected. `force` runs it anyway.
 */

/** The job stopped at intake; its message is written for the user and names columns, never cells. */
export class IntakeRefused extends Error {
  override readonly name = ERROR_NAMES.intakeRefused;
}

/** More than this share of the lead rows rejected means the file was probably misread. */
const MAX_REJECTED_SHARE = 0.5;

export interface IntakeCounts {
  rows: number;
  rejected: number;
  /** report footer rows: not leads, so neither rejected nor counted as lead rows */
  reportFooters: number;
}

/** Why the job should not go on, or undefined when it may. */
export function intakeRefusal(view: IntakeView, counts: IntakeCounts): string | undefined {
  const fields = new Set(view.mapping.map((m) => m.field));
  const named = fields.has('fullName') || fields.has('firstName') || fields.has('lastName');
  const identified = fields.has('email') || fields.has('domain');
  const leadRows = counts.rows - counts.reportFooters;
  if (!named && !identified) {
    return `No column of the file maps to a name, an email or a website, so no row can be a lead. ${columnsAndHint(view)}`;
  }
  if (leadRows > 0 && counts.rejected / leadRows > MAX_REJECTED_SHARE) {
    const share = Math.round((100 * counts.rejected) / leadRows);
    return `${share}% of the rows (${counts.rejected} of ${leadRows}) would be rejected: the columns were probably not understood. ${columnsAndHint(view)}`;
  }
  return undefined;
}

function columnsAndHint(view: IntakeView): string {
  const mapped = view.mapping.map((m) => `${m.field} <- ${columnRef(m)}`).join(', ') || 'nothing';
  const example = view.headerRecognized ? '--map email="E-mail" --map fullName="Contact"' : '--map email="<header name>"';
  const columns = view.headerRecognized
    ? `Columns: ${[...view.mapping, ...view.unused]
        .sort((a, b) => a.column - b.column)
        .map(columnRef)
        .join(', ')}.`
    : `The first row names none of the ${view.columns} columns as Leadflow knows them, so it may be lead data (columns are named by position only); if the file has no header row, add one.`;
  return `Mapped: ${mapped}. ${columns} Say which column holds what with --map field=Header (API: options.columnMapping), e.g. ${example}; or run it anyway with --force (API: options.force).`;
}

const columnRef = (c: { column: number; header?: string }) => (c.header === undefined ? `column ${c.column}` : `${c.column} "${c.header}"`);
