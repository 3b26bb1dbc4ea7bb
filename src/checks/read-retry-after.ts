import type { RetryAfter } from '../core/classified-error.ts';

const SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;

function fromHeaders(headers: Record<string, string>, now: number): RetryAfter | undefined {
  const precise = headers['retry-after-ms'];
  if (precise !== undefined && SECONDS.test(precise)) {
    return { said: `retry-after-ms: ${precise.trim()}`, seconds: Number(precise) / 1000 };
  }
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const said = `Retry-After: ${value.trim()}`;
  if (SECONDS.test(value)) return { said, seconds: Number(value) };
  // Only an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`) is a date: Date.parse reads `-5` as a day in 2001.
  const date = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? { said } : { said, seconds: Math.max(0, Math.round((date - now) / 1000)) };
}

const HTTP_DATE = /^\s*[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT\s*$/;

/** Google's `google.rpc.RetryInfo` detail: `{"@type": "…RetryInfo", "retryDelay": "34.4s"}`. */
function fromRetryInfo(body: string): RetryAfter | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  if (!match?.[1]) return undefined;
  return { said: `RetryInfo.retryDelay: ${match[1]}s`, seconds: Number(match[1]) };
}

/** The wait a 429 asked for, from `retry-after-ms`, `Retry-After` (seconds or a date) or Google's RetryInfo. */
export function readRetryAfter(
  headers: Record<string, string> | undefined,
  body: string,
  now: number = Date.now(),
): RetryAfter | undefined {
  return (headers ? fromHeaders(headers, now) : undefined) ?? fromRetryInfo(body);
}

/** `it asks to wait 20 s (Retry-After: 20) before retrying`, or the advice when it named no wait. */
export function describeRetryAfter(retryAfter: RetryAfter | undefined): string {
  if (!retryAfter) return 'it gave no Retry-After: back off exponentially before retrying';
  if (retryAfter.seconds === undefined) return `it sent ${retryAfter.said}`;
  return `it asks to wait ${Number(retryAfter.seconds.toFixed(3))} s (${retryAfter.said}) before retrying`;
}
