// Fields that OpenAI-compatible providers add beyond the SDK's types.

function readString(source: object, key: string): string | undefined {
  const value: unknown = (source as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reasoning text: `reasoning_content` (DeepSeek, xAI, Qwen) or `reasoning` (Groq, OpenRouter, Ollama). */
export function readReasoning(messageOrDelta: object): string | undefined {
  return readString(messageOrDelta, 'reasoning_content') ?? readString(messageOrDelta, 'reasoning');
}
