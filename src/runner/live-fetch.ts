import {
  assertValidCap,
  DEFAULT_MAX_RESPONSE_BYTES,
  limitResponseSize,
} from '../wire/limit-response-size.ts';
import { watchBody } from './live-fetch-body.ts';
import { sendFollowingRedirects } from './live-fetch-redirects.ts';
import {
  describeError,
  isConnectionError,
  isRetryableStatus,
  retryWaitMs,
  sleep,
} from './live-fetch-retry.ts';
import { createSlots, type ReleaseSlot } from './live-fetch-slots.ts';

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** The retryable status that was answered, if any. */
  status?: number;
  /** The connection error, when no response came. */
  error?: string;
  waitMs: number;
  url: string;
}

export interface LiveFetchOptions {
  /** Who answers through this fetch, as messages name it (the provider's id); default the request's origin. */
  name?: string;
  /** No response headers within this → a TimeoutError naming the limit. Default 60_000. */
  requestTimeoutMs?: number;
  /** No body bytes this long after the headers → the body errors ('stream stalled: …'). Default 30_000. */
  idleTimeoutMs?: number;
  /** Retries for 429, 500, 502, 503, 504, 529 and for connection errors before headers. Default 2. */
  retries?: number;
  /** Retry n (from 0) waits base * 2^n plus up to 20% jitter, unless Retry-After says. Default 500. */
  retryBaseMs?: number;
  /** Never wait longer than this for one retry, whatever Retry-After says. Default 30_000. */
  maxRetryWaitMs?: number;
  /** At most this many requests in flight through this fetch (one LiveFetch per provider). Default 4. */
  concurrency?: number;
  /** A body past this many bytes errors with a ResponseTooLargeError and is torn down. Default 10 MB. */
  maxResponseBytes?: number;
  /** The underlying fetch (default `globalThis.fetch`, read at call time). */
  fetch?: typeof fetch;
  onRetry?: (info: RetryInfo) => void;
  /** Jitter source, injectable for tests. */
  random?: () => number;
}

interface Settings {
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  retries: number;
  retryBaseMs: number;
  maxRetryWaitMs: number;
  concurrency: number;
  maxResponseBytes: number;
  random: () => number;
}

function settingsOf(options: LiveFetchOptions): Settings {
  const settings: Settings = {
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    retries: options.retries ?? 2,
    retryBaseMs: options.retryBaseMs ?? 500,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    concurrency: options.concurrency ?? 4,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    random: options.random ?? Math.random,
  };
  assertValidCap(settings.maxResponseBytes);
  const positive = ['requestTimeoutMs', 'idleTimeoutMs', 'concurrency'] as const;
  for (const name of positive) {
    if (!(settings[name] > 0)) throw new RangeError(`${name} must be > 0, got ${settings[name]}`);
  }
  if (!Number.isInteger(settings.concurrency)) {
    throw new RangeError(`concurrency must be an integer, got ${settings.concurrency}`);
  }
  if (!Number.isInteger(settings.retries) || settings.retries < 0) {
    throw new RangeError(`retries must be an integer ≥ 0, got ${settings.retries}`);
  }
  if (!(settings.retryBaseMs >= 0) || !(settings.maxRetryWaitMs >= 0)) {
    throw new RangeError('retryBaseMs and maxRetryWaitMs must be ≥ 0');
  }
  return settings;
}

export function requestTimeoutError(requestTimeoutMs: number): DOMException {
  return new DOMException(
    `no response headers within ${requestTimeoutMs} ms (request timeout)`,
    'TimeoutError',
  );
}

interface PreparedRequest {
  url: string;
  init: RequestInit;
  signal: AbortSignal | undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Streams can be sent once only: read them up front so every attempt sends the same bytes. */
async function replayable(body: BodyInit | null | undefined): Promise<BodyInit | null | undefined> {
  if (body instanceof ReadableStream || isAsyncIterable(body)) {
    return new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
  }
  return body;
}

async function prepare(input: RequestInfo | URL, init: RequestInit | undefined): Promise<PreparedRequest> {
  if (input instanceof Request) {
    const prepared: RequestInit = {
      method: input.method,
      headers: input.headers,
      redirect: input.redirect,
      ...init,
    };
    prepared.body = await replayable(init?.body !== undefined ? init.body : input.body);
    return { url: input.url, init: prepared, signal: init?.signal ?? input.signal };
  }
  const prepared: RequestInit = { ...init };
  if (init?.body !== undefined) prepared.body = await replayable(init.body);
  return {
    url: input instanceof URL ? input.href : input,
    init: prepared,
    signal: init?.signal ?? undefined,
  };
}

interface Attempt {
  response: Response;
  /** Aborts this attempt's connection; follows the caller's signal until `unlink`. */
  controller: AbortController;
  unlink: () => void;
}

async function attemptOnce(
  baseFetch: typeof fetch,
  request: PreparedRequest,
  requestTimeoutMs: number,
  name: string | undefined,
): Promise<Attempt> {
  const { signal } = request;
  const controller = new AbortController();
  const follow = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', follow, { once: true });
  const unlink = () => signal?.removeEventListener('abort', follow);
  const timeout = requestTimeoutError(requestTimeoutMs);
  const timer = setTimeout(() => controller.abort(timeout), requestTimeoutMs);
  try {
    const response = await sendFollowingRedirects(
      (hop) => baseFetch(hop.url, { ...hop.init, signal: controller.signal }),
      { url: request.url, init: request.init },
      name,
    );
    return { response, controller, unlink };
  } catch (error) {
    unlink();
    if (signal?.aborted) throw signal.reason;
    if (controller.signal.reason === timeout) throw timeout;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The fetch of live mode: a timeout to the response headers, stall detection on the body, a cap on its size,
 * redirects followed within the origin only (live-fetch-redirects.ts), retries with backoff (honouring
 * `Retry-After` and `retry-after-ms`) and a cap on requests in flight. A request holds
 * its slot through its retries and until its body is read, cancelled or errors, so a rate-limited provider
 * is not handed more work while it asks us to wait. The caller's signal aborts it at any point: queued,
 * waiting, sending or reading.
 */
export function createLiveFetch(options: LiveFetchOptions = {}): typeof fetch {
  const settings = settingsOf(options);
  const slots = createSlots(settings.concurrency);

  async function send(request: PreparedRequest, release: ReleaseSlot): Promise<Response> {
    const baseFetch = options.fetch ?? globalThis.fetch;
    for (let retry = 0; ; retry++) {
      request.signal?.throwIfAborted();
      let attempt: Attempt;
      try {
        attempt = await attemptOnce(baseFetch, request, settings.requestTimeoutMs, options.name);
      } catch (error) {
        if (retry >= settings.retries || !isConnectionError(error)) throw error;
        const waitMs = retryWaitMs(retry, undefined, settings);
        options.onRetry?.({ attempt: retry + 1, error: describeError(error), waitMs, url: request.url });
        await sleep(waitMs, request.signal);
        continue;
      }
      const { response, controller, unlink } = attempt;
      if (retry < settings.retries && isRetryableStatus(response.status)) {
        unlink();
        // Frees the socket now rather than whenever the garbage collector gets to it.
        response.body?.cancel().catch(() => {});
        const waitMs = retryWaitMs(retry, response.headers, settings);
        options.onRetry?.({ attempt: retry + 1, status: response.status, waitMs, url: request.url });
        await sleep(waitMs, request.signal);
        continue;
      }
      return watchBody(limitResponseSize(response, settings.maxResponseBytes), {
        idleTimeoutMs: settings.idleTimeoutMs,
        signal: controller.signal,
        onSettled: () => {
          unlink();
          release();
        },
      });
    }
  }

  const liveFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = await prepare(input, init);
    const release = await slots.acquire(request.signal);
    try {
      return await send(request, release);
    } catch (error) {
      release();
      throw error;
    }
  };
  return liveFetch as typeof fetch;
}
