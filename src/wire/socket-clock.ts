// Arrival times of response bytes as undici's HTTP parser takes them off the socket, read from its diagnostics
// channels (Node's fetch is undici). A web stream hands chunks on a few ticks later, and later still when the event
// loop is busy: these times don't wait for that.

import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/** What the socket saw of one undici request's response, in `performance.now()` ms. */
export interface SocketArrivals {
  status?: number;
  headersAt?: number;
  /** When the whole message had been parsed. */
  completeAt?: number;
  /** Running total of body bytes at the end of each chunk, in arrival order. */
  readonly ends: number[];
  /** Arrival of each chunk. */
  readonly at: number[];
}

interface Watch {
  /** The latest undici request made inside the watched call. */
  arrivals?: SocketArrivals;
  /** Set once the caller has taken the arrivals: later requests made in this async context are not its. */
  closed: boolean;
}

/** Reads one response body's socket arrival times, chunk by chunk, in step with the bytes a reader gets. */
export interface BodyClock {
  /**
   * Accounts for the next `byteLength` bytes the reader got, calling `piece` for each socket chunk they are made of
   * (a stream may hand on several at once). Returns false, calling nothing, when they do not line up with socket
   * chunks that arrived by `now`; from then on it always does, and the reader keeps its own time.
   */
  take(byteLength: number, now: number, piece: (size: number, at: number) => void): boolean;
  /** When the message was complete on the socket, if every byte of it was taken and lined up. */
  completeAt(): number | undefined;
}

export interface WatchedFetch {
  response: Response;
  /** When the response head came off the socket, else when `fetch` resolved (`performance.now()` ms). */
  headersAt: number;
  /**
   * The body's socket clock, once checked against the response: the same status, the head parsed before `fetch`
   * resolved, no content encoding (decoded bytes don't line up with the wire's). Undefined when the request never
   * reached undici (a mocked fetch: msw replay) or a check fails.
   */
  clock?: BodyClock;
}

const context = new AsyncLocalStorage<Watch>();
const byRequest = new WeakMap<object, SocketArrivals>();
let enabled = true;
let subscribed = false;

function requestOf(message: unknown): object | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const request = (message as { request?: unknown }).request;
  return typeof request === 'object' && request !== null ? request : undefined;
}

function arrivalsOf(message: unknown): SocketArrivals | undefined {
  const request = requestOf(message);
  return request === undefined ? undefined : byRequest.get(request);
}

function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  // The request is created inside the watched call's async context, wherever undici later parses its response.
  subscribe('undici:request:create', (message) => {
    const watch = context.getStore();
    const request = requestOf(message);
    if (watch === undefined || watch.closed || request === undefined) return;
    const arrivals: SocketArrivals = { ends: [], at: [] };
    byRequest.set(request, arrivals);
    watch.arrivals = arrivals;
  });
  subscribe('undici:request:headers', (message) => {
    const arrivals = arrivalsOf(message);
    if (arrivals === undefined) return;
    arrivals.headersAt = performance.now();
    const status = (message as { response?: { statusCode?: unknown } }).response?.statusCode;
    if (typeof status === 'number') arrivals.status = status;
  });
  subscribe('undici:request:bodyChunkReceived', (message) => {
    const at = performance.now();
    const arrivals = arrivalsOf(message);
    if (arrivals === undefined) return;
    const chunk = (message as { chunk?: { byteLength?: unknown } }).chunk;
    const size = typeof chunk?.byteLength === 'number' ? chunk.byteLength : 0;
    arrivals.ends.push((arrivals.ends.at(-1) ?? 0) + size);
    arrivals.at.push(at);
  });
  subscribe('undici:request:trailers', (message) => {
    const arrivals = arrivalsOf(message);
    if (arrivals !== undefined) arrivals.completeAt = performance.now();
  });
}

/** Turns the socket clock on or off for calls watched from now on (benchmarks compare the two). */
export function setSocketClockEnabled(on: boolean): void {
  enabled = on;
}

/** A clock over recorded arrivals; `take` lines the reader's bytes up with them. */
export function createBodyClock(arrivals: SocketArrivals): BodyClock {
  const { ends, at } = arrivals;
  let next = 0;
  let taken = 0;
  let broken = false;
  return {
    take(byteLength, now, piece) {
      if (broken || byteLength === 0) return false;
      const target = taken + byteLength;
      let last = next;
      while (last < ends.length && (ends[last] as number) < target) last++;
      if (last >= ends.length || ends[last] !== target || (at[last] as number) > now) {
        broken = true;
        return false;
      }
      for (let i = next; i <= last; i++) {
        piece((ends[i] as number) - taken, at[i] as number);
        taken = ends[i] as number;
      }
      next = last + 1;
      return true;
    },
    completeAt() {
      return broken || next !== ends.length ? undefined : arrivals.completeAt;
    },
  };
}

function usable(arrivals: SocketArrivals | undefined, response: Response, resolvedAt: number): boolean {
  if (arrivals?.headersAt === undefined || arrivals.headersAt > resolvedAt) return false;
  if (arrivals.status !== response.status) return false;
  const encoding = response.headers.get('content-encoding');
  return encoding === null || encoding.trim().toLowerCase() === 'identity';
}

/** Runs `call` (a fetch) and returns its response with the socket arrival times of the undici request it made. */
export async function watchFetch(call: () => Promise<Response>): Promise<WatchedFetch> {
  if (!enabled) {
    const response = await call();
    return { response, headersAt: performance.now() };
  }
  subscribeOnce();
  const watch: Watch = { closed: false };
  try {
    const response = await context.run(watch, call);
    const resolvedAt = performance.now();
    const arrivals = watch.arrivals;
    if (arrivals === undefined || !usable(arrivals, response, resolvedAt)) {
      return { response, headersAt: resolvedAt };
    }
    return { response, headersAt: arrivals.headersAt ?? resolvedAt, clock: createBodyClock(arrivals) };
  } finally {
    watch.closed = true;
    watch.arrivals = undefined;
  }
}
