/**
 * Anthropic wants `tool_use.input` as an object, while the neutral history carries the arguments as JSON
 * text. Empty or unparsable text (a model's malformed call fed back verbatim) becomes `{}` so the
 * conversation can still be replayed.
 */
export function parseToolInput(argumentsText: string): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsText);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  return {};
}
