// Test support: the SSE of OpenAI-style chat streams (OpenAI-compatible providers, Mistral).

export const DONE_EVENT = 'data: [DONE]\n\n';

/** Rebuilds SSE from one-JSON-per-line chunk text (the fixtures' format): `data: <line>` per line, then `[DONE]`. */
export function chunksToSse(chunkLines: string, done = true): string {
  const events = chunkLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `data: ${line}\n\n`);
  return events.join('') + (done ? DONE_EVENT : '');
}

/** Returns a writer of one `chat.completion.chunk` event from `model`: its choices and any extra fields. */
export function chunkEventWriter(
  model: string,
): (choices: unknown[], extra?: Record<string, unknown>) => string {
  return (choices, extra = {}) => {
    const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices, ...extra };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  };
}
