/** Opaque item-listing cursors: the batch and the index of the next item, base64url-encoded. */
export function encodeCursor(batchId: string, next: number): string {
  return Buffer.from(`${batchId}:${next}`, 'utf8').toString('base64url');
}

/** The index a cursor points at, or undefined when it was not issued for this batch. */
export function decodeCursor(batchId: string, cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const match = /^(.+):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match && match[1] === batchId ? Number(match[2]) : undefined;
}
