/** Bad command-line usage or unreadable input: the CLI exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
