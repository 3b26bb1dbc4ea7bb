/** Thrown for bad user input; the CLI prints the message alone and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
