// Test support: fetches that answer from responses written in the test and record what the SDK sent.

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The parsed JSON body, or undefined when there was none. */
  body: Record<string, unknown> | undefined;
  /** The signal the SDK handed to fetch. */
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
      body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
      signal,
    });
    // Like a real fetch: an aborted signal rejects instead of answering.
    signal?.throwIfAborted();
    return respond();
  };
  return { fetch: fetchImpl, requests };
}

/** Answers successive calls with the given responses, in turn; a call past the last one throws. */
export function respondInTurn(...responses: Response[]): () => Response {
  return () => {
    const response = responses.shift();
    if (!response) throw new Error('no response prepared');
    return response;
  };
}

/**
 * Starts a call through a fetch that never answers, aborts the call's signal once its request is in
 * flight, and gives back the call (which should reject). The fetch rejects with an AbortError when the
 * signal it was handed aborts, so the call only rejects if the adapter passed the signal on.
 */
export async function abortInFlight(
  start: (fetch: typeof globalThis.fetch, signal: AbortSignal) => Promise<unknown>,
): Promise<unknown> {
  let reportCall!: () => void;
  const called = new Promise<void>((resolve) => {
    reportCall = resolve;
  });
  const fetchImpl = (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      reportCall();
    });
  const controller = new AbortController();
  const call = start(fetchImpl, controller.signal);
  await called;
  controller.abort();
  return call;
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

// Awkward read sizes, cycling, so that events, lines, CRLF pairs and multi-byte characters are split
// across reads as they are on a real socket.
const SLICE_SIZES = [7, 1, 13, 3, 17, 2, 11, 5];

/** Splits bytes into the slices a streamed body delivers, one per read. */
export function sliceAtOddBoundaries(bytes: Uint8Array): Uint8Array[] {
  const slices: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = SLICE_SIZES[i % SLICE_SIZES.length] ?? 1;
    slices.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return slices;
}

/** A 200 response whose body streams the wire text in slices of awkward sizes. */
export function streamingResponse(wireText: string, contentType: string): Response {
  const slices = sliceAtOddBoundaries(new TextEncoder().encode(wireText));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = slices.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': contentType } });
}

export function sseResponse(wireText: string): Response {
  return streamingResponse(wireText, 'text/event-stream');
}

export function ndjsonResponse(wireText: string): Response {
  return streamingResponse(wireText, 'application/x-ndjson');
}
