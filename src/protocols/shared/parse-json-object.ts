/**
 * Parses JSON text that should hold an object; undefined when it is empty, malformed or not an object.
 * Protocols that take tool arguments as an object get the neutral JSON text through this, so a model's
 * malformed call fed back verbatim still replays (callers fall back to `{}`).
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (isObject) return value as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return undefined;
}
