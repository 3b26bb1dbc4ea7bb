// Fields that OpenAI-compatible providers add beyond the SDK's types.

function readString(source: object, key: string): string | undefined {
  const value: unknown = (source as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Gemini's thought signature on a tool call of Google's OpenAI endpoint (`extra_content.google.thought_signature`),
 * which a thinking model wants back with the call.
 */
export function readThoughtSignature(call: object): string | undefined {
  const extra: unknown = (call as Record<string, unknown>).extra_content;
  const google: unknown =
    typeof extra === 'object' && extra !== null ? (extra as Record<string, unknown>).google : undefined;
  return typeof google === 'object' && google !== null ? readString(google, 'thought_signature') : undefined;
}

/** Reasoning text: `reasoning_content` (DeepSeek, xAI, Qwen) or `reasoning` (Groq, OpenRouter, Ollama). */
export function readReasoning(messageOrDelta: object): string | undefined {
  return readString(messageOrDelta, 'reasoning_content') ?? readString(messageOrDelta, 'reasoning');
}
