// OpenAI chat-completion chunks as gpt-4o streams them, shaped after the recorded fixtures/openai/stream.text.json.

const PREFIX =
  'data: {"id":"chatcmpl-rEw0xGwVVe5Qq9BXeXWlv9ODQonaa","object":"chat.completion.chunk","created":1795683660,' +
  '"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_cbf1785567","choices":[{"index":0,';

/** The answer the `stream.text` scenario expects ("1 2 … 10"), then filler tokens. */
export function token(index: number): string {
  if (index < 10) return index === 0 ? '1' : ` ${index + 1}`;
  return ' lorem';
}

/**
 * One content chunk. `writtenAt` (monotonic ms, taken just before the write) rides along as an extra field that
 * clients ignore, so every client can compare when it saw the chunk with when the server wrote it.
 */
export function contentEvent(index: number, writtenAt?: number): string {
  const delta =
    index === 0
      ? `{"role":"assistant","content":${JSON.stringify(token(index))},"refusal":null}`
      : `{"content":${JSON.stringify(token(index))}}`;
  const stamp = writtenAt === undefined ? '' : `,"written_at":${writtenAt}`;
  return `${PREFIX}"delta":${delta},"logprobs":null,"finish_reason":null}],"obfuscation":"SSo2AAq8XTP"${stamp}}\n\n`;
}

export function finishEvents(): string {
  return `${PREFIX}"delta":{},"logprobs":null,"finish_reason":"stop"}],"obfuscation":"PNntGQ"}\n\ndata: [DONE]\n\n`;
}

export interface FirstContent {
  /** When the client had the whole first content event (the client's clock, whatever it is). */
  seenAt: number;
  /** The server's write time of that event (monotonic ms). */
  writtenAt: number;
}

function contentOf(data: string): { content: string; writtenAt: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const chunk = parsed as { choices?: { delta?: { content?: unknown } }[]; written_at?: unknown };
  const content = chunk.choices?.[0]?.delta?.content;
  if (typeof content !== 'string' || typeof chunk.written_at !== 'number') return undefined;
  return { content, writtenAt: chunk.written_at };
}

/** Finds the first event with non-empty content in timed chunks of wire text; its time is the chunk completing it. */
export function firstContent(chunks: readonly { t: number; text: string }[]): FirstContent | undefined {
  let text = '';
  let from = 0;
  for (const chunk of chunks) {
    text += chunk.text;
    for (let end = text.indexOf('\n\n', from); end !== -1; end = text.indexOf('\n\n', from)) {
      const event = text.slice(from, end);
      from = end + 2;
      if (!event.startsWith('data: ')) continue;
      const read = contentOf(event.slice(6));
      if (read && read.content !== '') return { seenAt: chunk.t, writtenAt: read.writtenAt };
    }
  }
  return undefined;
}
