/**
 * Ollama wants `tool_calls[].function.arguments` as an object, while the neutral history carries JSON text.
 * Empty or unparsable text (a malformed call fed back verbatim) becomes `{}` so the conversation replays.
 */
export function parseToolArguments(argumentsText: string): Record<string, unknown> {
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
