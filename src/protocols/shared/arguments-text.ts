/**
 * Tool-call arguments as JSON text, as the neutral types carry them. Lenient servers (and the Mistral SDK's
 * types) send an object instead of a string: it is serialised; a missing value is ''.
 */
export function toArgumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}
