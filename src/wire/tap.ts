import { performance } from 'node:perf_hooks';
import { type BodyClock, watchFetch } from './body-clock.ts';
import { withBody } from './with-body.ts';

export interface TappedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Request body text, if any. */
  body?: string;
}

export interface TappedChunk {
  /** Milliseconds from the moment the request was handed to fetch. */
  t: number;
  text: string;
}

/** One request/response pair as it crossed the wire, with arrival times. */
export interface TappedExchange {
  request: TappedRequest;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** ms from send to response headers. */
  tHeaders?: number;
  chunks: TappedChunk[];
  /** ms from send to the end of the body (or to the failure). */
  tEnd?: number;
  /** Set when the transport failed (connection refused, reset, aborted). */
  transportError?: string;
  /** True once the body was read to its end. */
  complete: boolean;
}

export interface WireTap {
  /** A fetch that behaves exactly like the one it wraps, and records every exchange. */
  fetch: typeof fetch;
  readonly exchanges: TappedExchange[];
  /**
   * Resolves once every body has been read to its end or has failed. A client may stop reading at its protocol's last
   * event (Ollama's `done: true`) while the tap is still taking in the bytes after it; checks and recording wait here.
   */
  settled(): Promise<void>;
}

export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, key) => {
    record[key] = value;
  });
  return record;
}

async function readRequest(input: RequestInfo | URL, init: RequestInit | undefined): Promise<TappedRequest> {
  const request = new Request(input, init);
  const body = request.body === null ? undefined : await request.text();
  const tapped: TappedRequest = {
    method: request.method,
    url: request.url,
    headers: headersToRecord(request.headers),
  };
  if (body !== undefined) tapped.body = body;
  return tapped;
}

/**
 * Wraps a fetch so that each response body is teed chunk by chunk into an exchange record, each chunk stamped with
 * `performance.now()` as the tap reads it. When a clock in the fetch chain notes the request (the stamping relay's
 * fetch, bench's default; the socket clock's, `--clock local`), its times are used instead and a read that brings
 * several noted chunks at once is recorded as those chunks (see body-clock.ts). The per-chunk cost is one decode
 * and one push.
 */
export function createWireTap(baseFetch: typeof fetch = globalThis.fetch): WireTap {
  const exchanges: TappedExchange[] = [];
  const pending = new Set<Promise<void>>();

  const tappedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = await readRequest(input, init);
    const exchange: TappedExchange = { request, chunks: [], complete: false };
    exchanges.push(exchange);
    const sendInit: RequestInit = { ...init, method: request.method };
    if (request.body !== undefined) sendInit.body = request.body;
    const url = input instanceof Request ? input.url : input;
    if (input instanceof Request) sendInit.headers = init?.headers ?? input.headers;
    const tSend = performance.now();
    let response: Response;
    let clock: BodyClock | undefined;
    try {
      const watched = await watchFetch(() => baseFetch(url, sendInit));
      response = watched.response;
      clock = watched.clock;
      exchange.tHeaders = watched.headersAt - tSend;
    } catch (error) {
      exchange.tEnd = performance.now() - tSend;
      exchange.transportError = error instanceof Error ? describeError(error) : String(error);
      throw error;
    }
    exchange.status = response.status;
    exchange.responseHeaders = headersToRecord(response.headers);
    if (response.body === null) {
      exchange.tEnd = exchange.tHeaders;
      exchange.complete = true;
      return response;
    }
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    let settle = () => {};
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
    let bytes: Uint8Array = new Uint8Array(0);
    let offset = 0;
    const piece = (size: number, at: number) => {
      const part = size === bytes.byteLength ? bytes : bytes.subarray(offset, offset + size);
      offset += size;
      exchange.chunks.push({ t: at - tSend, text: decoder.decode(part, { stream: true }) });
    };
    // Reads as fast as the bytes arrive, whatever the consumer does, so arrival times are the wire's and a client
    // that stops early still leaves the whole body on record.
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          let read: ReadableStreamReadResult<Uint8Array>;
          try {
            read = await reader.read();
          } catch (error) {
            exchange.tEnd = performance.now() - tSend;
            exchange.transportError = error instanceof Error ? describeError(error) : String(error);
            settle();
            controller.error(error);
            return;
          }
          const now = performance.now();
          if (read.done) {
            const tEnd = (clock?.completeAt() ?? now) - tSend;
            const rest = decoder.decode();
            if (rest) exchange.chunks.push({ t: tEnd, text: rest });
            exchange.tEnd = tEnd;
            exchange.complete = true;
            settle();
            controller.close();
            return;
          }
          bytes = read.value;
          offset = 0;
          if (!clock?.take(bytes.byteLength, now, piece)) {
            exchange.chunks.push({ t: now - tSend, text: decoder.decode(bytes, { stream: true }) });
          }
          controller.enqueue(bytes);
        },
        cancel(reason) {
          exchange.tEnd = performance.now() - tSend;
          settle();
          return reader.cancel(reason);
        },
      },
      { highWaterMark: Number.POSITIVE_INFINITY },
    );
    return withBody(response, body);
  };

  return {
    fetch: tappedFetch as typeof fetch,
    exchanges,
    async settled() {
      await Promise.all(pending);
    },
  };
}

function describeError(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
