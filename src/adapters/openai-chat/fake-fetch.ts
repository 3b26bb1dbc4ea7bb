// Test support: a fetch that answers from wire text written in the test and records what the SDK sent.
import { readFileSync } from 'node:fs';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  signal: AbortSignal | undefined;
}

export interface FakeFetch {
  fetch: typeof fetch;
  readonly requests: CapturedRequest[];
}

/** A fetch that records each request and answers it with `respond()` (a fresh Response per call). */
export function fakeFetch(respond: () => Response): FakeFetch {
  const requests: CapturedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    requests.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: text === '' ? undefined : JSON.parse(text),
      signal,
    });
    // Like a real fetch: an aborted signal rejects instead of answering.
    signal?.throwIfAborted();
    return respond();
  };
  return { fetch: fetchImpl, requests };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * An SSE response whose body arrives in byte slices of awkward sizes (1 to 17 bytes, cycling), so that
 * events, lines and multi-byte characters are split across reads as they are on a real socket.
 */
export function sseResponse(wireText: string): Response {
  const bytes = new TextEncoder().encode(wireText);
  const sizes = [7, 1, 13, 3, 17, 2, 11, 5];
  const slices: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    slices.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = slices.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** Rebuilds OpenAI-style SSE from one-JSON-per-line chunk text: `data: <line>` per line, then `[DONE]`. */
export function chunksToSse(chunkLines: string, done = true): string {
  const events = chunkLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `data: ${line}\n\n`);
  return events.join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** Reads a fixture beside the calling test: `readFixture(import.meta.url, '__fixtures__/x.chunks.txt')`. */
export function readFixture(baseUrl: string, relativePath: string): string {
  return readFileSync(new URL(relativePath, baseUrl), 'utf8');
}
