import { performance } from 'node:perf_hooks';
import { type BodyClock, watchFetch } from './body-clock.ts';
import { ChunkRecorder, MAX_TAPPED_CHUNKS, type TappedChunk } from './chunk-records.ts';
import {
  PROCESS_TAP_MEMORY,
  RECORD_OVERHEAD_BYTES,
  ReadAhead,
  TapHolding,
  type TapMemory,
} from './tap-memory.ts';
import { withBody } from './with-body.ts';

export type { TappedChunk } from './chunk-records.ts';

export interface TappedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Request body text, if any. */
  body?: string;
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

/** How long the tap reads on after its consumer cancelled, for the end of the body (see `cancel` below). */
const CANCEL_GRACE_MS = 1000;

export interface WireTapOptions {
  /** Chunk records one exchange may hold; past it the body errors (ResponseTooLargeError). */
  maxChunks?: number;
  /** The memory budget the tap shares with others (default: the process's, TAP_MEMORY_BYTES). */
  memory?: TapMemory;
}

/**
 * Wraps a fetch so that each response body is teed chunk by chunk into an exchange record, each chunk stamped with
 * `performance.now()` as the tap reads it. When a clock in the fetch chain notes the request (the stamping relay's
 * fetch, bench's default; the socket clock's, `--clock local`), its times are used instead and a read that brings
 * several noted chunks at once is recorded as those chunks (see body-clock.ts). The per-chunk cost is one decode
 * and one push. What the tap holds is bounded whatever the chunks: tiny reads share records (chunk-records.ts), one
 * exchange holds at most `maxChunks` records, and all taps together at most their memory budget (tap-memory.ts); a
 * body past either errors with a ResponseTooLargeError, classified `oversized`.
 */
export function createWireTap(
  baseFetch: typeof fetch = globalThis.fetch,
  options: WireTapOptions = {},
): WireTap {
  const exchanges: TappedExchange[] = [];
  // An SDK may keep the fetch it was handed long after its request (an error whose stack is never formatted holds the
  // frames' objects, its stream among them, and msw's request context can hold the error): held weakly here, the
  // exchanges live as long as the tap does, not as long as its fetch. Seen: 10 MB kept per oversized replay.
  const recorded = new WeakRef(exchanges);
  const pending = new Set<Promise<void>>();
  const limits = {
    maxChunks: options.maxChunks ?? MAX_TAPPED_CHUNKS,
    memory: options.memory ?? PROCESS_TAP_MEMORY,
  };

  const tappedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = await readRequest(input, init);
    const exchange: TappedExchange = { request, chunks: [], complete: false };
    recorded.deref()?.push(exchange);
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
    const done = Promise.withResolvers<void>();
    pending.add(done.promise);
    void done.promise.then(() => pending.delete(done.promise));
    const recorder = new ChunkRecorder(exchange.chunks, limits.maxChunks);
    const tapped: TappedBody = { exchange, recorder, tSend, settle: done.resolve };
    if (clock) tapped.clock = clock;
    return withBody(response, tapBody(response.body, tapped, limits.memory));
  };

  return {
    fetch: tappedFetch as typeof fetch,
    exchanges,
    async settled() {
      await Promise.all(pending);
    },
  };
}

/** What a body being read writes to; let go of once it has ended, failed or been cancelled. */
interface TappedBody {
  exchange: TappedExchange;
  recorder: ChunkRecorder;
  tSend: number;
  clock?: BodyClock;
  settle: () => void;
}

/**
 * The body the consumer reads, fed by a loop that reads `source` as fast as the bytes arrive, whatever the consumer
 * does, so arrival times are the wire's and a client that stops early still leaves the whole body on record (one
 * that cancels, for CANCEL_GRACE_MS more). What the consumer has not taken yet waits in a read-ahead, counted
 * against the memory budget with the records.
 */
function tapBody(
  source: ReadableStream<Uint8Array>,
  tapped: TappedBody,
  memory: TapMemory,
): ReadableStream<Uint8Array> {
  const { tSend } = tapped;
  const reader = source.getReader();
  const ahead = new ReadAhead();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  /**
   * The exchange being written, until the body has ended, failed or been cancelled: then nothing more is read or
   * held, and the stream (which its consumer may keep for long) no longer holds the records.
   */
  let live: TappedBody | undefined = tapped;
  /** The source was read to its end: the consumer's stream closes once it has taken what waits. */
  let ended = false;
  /** The body errored: the consumer's stream is errored, nothing more goes into it. */
  let failed = false;
  /** Wakes a consumer's read that is waiting for bytes. */
  let wake: (() => void) | undefined;
  /** The consumer cancelled: nothing more is handed on, and the source is let go of once the grace is over. */
  let grace: ReturnType<typeof setTimeout> | undefined;

  const finish = (body: TappedBody) => {
    live = undefined;
    clearTimeout(grace);
    body.recorder.close();
    holding.release();
    body.settle();
  };
  const fail = (error: unknown) => {
    const body = live;
    if (body === undefined) return;
    failed = true;
    body.exchange.tEnd = performance.now() - tSend;
    body.exchange.transportError = error instanceof Error ? describeError(error) : String(error);
    finish(body);
    controller.error(error);
    wake?.();
  };
  const holding = new TapHolding(memory, (error) => {
    reader.cancel(error).catch(() => {});
    fail(error);
  });
  /** Hands the consumer the oldest waiting piece; at the end, all of them and the close. */
  const deliver = () => {
    for (let bytes = ahead.take(); bytes !== undefined; bytes = ended ? ahead.take() : undefined) {
      holding.give(bytes.byteLength);
      controller.enqueue(bytes);
    }
    if (ended) controller.close();
  };
  /** Records and holds one read; throws a ResponseTooLargeError past the chunk cap. */
  const take = (body: TappedBody, bytes: Uint8Array, now: number) => {
    let records = 0;
    let offset = 0;
    const piece = (size: number, at: number) => {
      if (body.recorder.add(bytes.subarray(offset, offset + size), at - tSend)) records++;
      offset += size;
    };
    if (!body.clock?.take(bytes.byteLength, now, piece) && body.recorder.add(bytes, now - tSend)) records++;
    // The record's text and the read-ahead's copy, until the consumer takes it. Past the budget, the exchange
    // holding the most is stopped: perhaps this one.
    const handedOn = grace === undefined;
    holding.take((handedOn ? 2 : 1) * bytes.byteLength + records * RECORD_OVERHEAD_BYTES);
    if (live !== undefined && handedOn) ahead.push(bytes);
  };

  const readAll = async () => {
    let next = reader.read();
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await next;
      } catch (error) {
        fail(error);
        return;
      }
      const body = live;
      if (body === undefined) return;
      const now = performance.now();
      if (read.done) {
        const tEnd = (body.clock?.completeAt() ?? now) - tSend;
        body.recorder.end(tEnd);
        body.exchange.tEnd = tEnd;
        body.exchange.complete = true;
        ended = true;
        finish(body);
        wake?.();
        return;
      }
      try {
        take(body, read.value, now);
      } catch (error) {
        reader.cancel(error).catch(() => {});
        fail(error);
        return;
      }
      if (live === undefined) return;
      next = reader.read();
      wake?.();
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(started) {
        controller = started;
        void readAll();
      },
      pull() {
        if (failed) return;
        if (ahead.bytes > 0 || ended) {
          deliver();
          return;
        }
        if (live === undefined) return;
        return new Promise<void>((resolve) => {
          wake = () => {
            wake = undefined;
            if (!failed && (ahead.bytes > 0 || ended)) deliver();
            resolve();
          };
        });
      },
      cancel(reason) {
        const body = live;
        if (body === undefined || grace !== undefined) return reader.cancel(reason);
        // A client cancels as soon as it has its protocol's last event (the openai SDK at `[DONE]`), when the end
        // of the body is usually on its way: the tap reads on a little, so the record says whether the body ended.
        const cancelledAt = performance.now() - tSend;
        for (let bytes = ahead.take(); bytes !== undefined; bytes = ahead.take())
          holding.give(bytes.byteLength);
        grace = setTimeout(() => {
          if (live !== body) return;
          body.exchange.tEnd = cancelledAt;
          finish(body);
          reader.cancel(reason).catch(() => {});
        }, CANCEL_GRACE_MS);
      },
    },
    { highWaterMark: 0 },
  );
}

function describeError(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
