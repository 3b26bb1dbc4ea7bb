import { readRetryAfter } from '../checks/read-retry-after.ts';
import { headersToRecord } from '../wire/tap.ts';

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504, 529]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

const NETWORK_CODE = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A failure to get a response at all (refused, reset, DNS): undici reports every network error as
 * `TypeError: fetch failed` with the socket error as its cause. A bad URL or an abort is not one.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return false;
  if (error.name === 'TypeError' && error.message === 'fetch failed') return true;
  const code = codeOf(error) ?? codeOf(error.cause);
  return code !== undefined && NETWORK_CODE.test(code);
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` (OpenAI) first, then `Retry-After` as
 * seconds or an HTTP date. Undefined when neither is present or parseable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const seconds = readRetryAfter(headersToRecord(headers), '', now)?.seconds;
  return seconds === undefined ? undefined : seconds * 1000;
}

export interface BackoffSettings {
  retryBaseMs: number;
  maxRetryWaitMs: number;
  random: () => number;
}

/**
 * The wait before retry number `retry` (0 for the first): the server's word if it gave one, else exponential
 * backoff with up to 20% jitter; never more than `maxRetryWaitMs`.
 */
export function retryWaitMs(retry: number, headers: Headers | undefined, settings: BackoffSettings): number {
  const asked = headers ? retryAfterMs(headers) : undefined;
  const wait = asked ?? settings.retryBaseMs * 2 ** retry * (1 + 0.2 * settings.random());
  return Math.round(Math.min(wait, settings.maxRetryWaitMs));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
