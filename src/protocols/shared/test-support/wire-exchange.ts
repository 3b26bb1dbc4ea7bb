import type { TappedExchange } from '../../../wire/tap.ts';

/** A 200 exchange whose body arrived as these chunks, 10 ms apart. */
export function exchangeFromChunks(
  chunks: string[],
  overrides: Partial<TappedExchange> = {},
): TappedExchange {
  return {
    request: { method: 'POST', url: 'https://provider.test/v1/chat', headers: {} },
    status: 200,
    responseHeaders: { 'content-type': 'text/event-stream' },
    tHeaders: 5,
    chunks: chunks.map((text, i) => ({ t: 10 * (i + 1), text })),
    tEnd: 10 * (chunks.length + 1),
    complete: true,
    ...overrides,
  };
}

/** SSE text with one `data:` event per JSON payload (objects are stringified), as OpenAI-style servers send it. */
export function sseData(payloads: Array<string | object>): string {
  return payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join('');
}

/** SSE text with `event: <type>` before each payload, as the Anthropic Messages API sends it. */
export function sseNamed(payloads: Array<{ type: string }>): string {
  return payloads.map((p) => `event: ${p.type}\ndata: ${JSON.stringify(p)}\n\n`).join('');
}

/** The codes of a diagnostic list, for compact assertions. */
export function codes(diagnostics: Array<{ code: string }>): string[] {
  return diagnostics.map((d) => d.code);
}
