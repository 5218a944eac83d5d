import { ERROR_NAMES } from '../errorNames';

/**
 * A problem with an uploaded lead file that the user can fix (wrong format, broken quoting, no header).
 * Messages are shown to the user as they are, so they name lines and columns, never cell values (PII).
 */
export class LeadFileError extends Error {
  override readonly name = ERROR_NAMES.leadFile;

  constructor(message: string) {
    super(message);
  }
}
