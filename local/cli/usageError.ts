/** A command used wrongly or pointed at the wrong path: the CLI prints the message (and the usage) and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
