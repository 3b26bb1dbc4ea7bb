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
  /** The latest request the stamping relay carried for the watched call: its stamps win over undici's. */
  relayed?: RelayedArrivals;
  /** Set once the caller has taken the arrivals: later requests made in this async context are not its. */
  closed: boolean;
}

/** Where a body's arrival times come from: undici's parser on this thread, or the stamping relay's thread. */
export interface ArrivalSource {
  /** Body pieces noted so far. */
  count(): number;
  /** Running total of body bytes at the end of piece `index`. */
  end(index: number): number;
  /** Arrival of piece `index`, `performance.now()` ms. */
  at(index: number): number;
  /** When the whole message had come in, once it has. */
  completeAt(): number | undefined;
}

/** A relayed request's arrivals, with its head as the relay saw it. */
export interface RelayedArrivals {
  status(): number | undefined;
  headersAt(): number | undefined;
  arrivals: ArrivalSource;
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
    if (watch === undefined || watch.closed || watch.relayed || request === undefined) return;
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

/**
 * Called by a fetch that sends through the stamping relay, inside `watchFetch`: the relay's stamps time this
 * response (the connection to the relay is not the one to time).
 */
export function noteRelayedArrivals(relayed: RelayedArrivals): void {
  const watch = context.getStore();
  if (watch === undefined || watch.closed) return;
  watch.relayed = relayed;
  watch.arrivals = undefined;
}

/** Undici's arrivals, as a source for a body clock. */
export function arrivalSource(arrivals: SocketArrivals): ArrivalSource {
  const { ends, at } = arrivals;
  return {
    count: () => ends.length,
    end: (index) => ends[index] as number,
    at: (index) => at[index] as number,
    completeAt: () => arrivals.completeAt,
  };
}

/** A clock over noted arrivals; `take` lines the reader's bytes up with them. */
export function createBodyClock(arrivals: ArrivalSource): BodyClock {
  let next = 0;
  let taken = 0;
  let broken = false;
  return {
    take(byteLength, now, piece) {
      if (broken || byteLength === 0) return false;
      const target = taken + byteLength;
      const count = arrivals.count();
      let last = next;
      while (last < count && arrivals.end(last) < target) last++;
      if (last >= count || arrivals.end(last) !== target || arrivals.at(last) > now) {
        broken = true;
        return false;
      }
      for (let i = next; i <= last; i++) {
        const end = arrivals.end(i);
        piece(end - taken, arrivals.at(i));
        taken = end;
      }
      next = last + 1;
      return true;
    },
    completeAt() {
      return broken || next !== arrivals.count() ? undefined : arrivals.completeAt();
    },
  };
}

interface NotedHead {
  status?: number | undefined;
  headersAt?: number | undefined;
  source: ArrivalSource;
}

function headOf(watch: Watch): NotedHead | undefined {
  if (watch.relayed) {
    const { relayed } = watch;
    return { status: relayed.status(), headersAt: relayed.headersAt(), source: relayed.arrivals };
  }
  const { arrivals } = watch;
  return (
    arrivals && { status: arrivals.status, headersAt: arrivals.headersAt, source: arrivalSource(arrivals) }
  );
}

function usable(head: NotedHead | undefined, response: Response, resolvedAt: number): head is NotedHead {
  if (head?.headersAt === undefined || head.headersAt > resolvedAt) return false;
  if (head.status !== response.status) return false;
  const encoding = response.headers.get('content-encoding');
  return encoding === null || encoding.trim().toLowerCase() === 'identity';
}

/**
 * Runs `call` (a fetch) and returns its response with the arrival times of the request it made: the stamping
 * relay's if it carried the request, else those undici's parser saw.
 */
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
    const head = headOf(watch);
    if (!usable(head, response, resolvedAt)) return { response, headersAt: resolvedAt };
    return { response, headersAt: head.headersAt ?? resolvedAt, clock: createBodyClock(head.source) };
  } finally {
    watch.closed = true;
    watch.arrivals = undefined;
    watch.relayed = undefined;
  }
}
