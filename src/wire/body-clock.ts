// Arrival times of a response's bytes, taken below the SDK by a clock in the fetch chain (the stamping relay's
// thread, or undici's parser through the socket clock), and lined up with the bytes a reader of the body gets. A
// fetch chain with no such clock leaves the wire tap to its own reading times.

import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

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

/** One request's arrivals as a clock in the fetch chain noted them, with its response head. */
export interface NotedArrivals {
  status(): number | undefined;
  headersAt(): number | undefined;
  arrivals: ArrivalSource;
}

/** Reads one response body's arrival times, chunk by chunk, in step with the bytes a reader gets. */
export interface BodyClock {
  /**
   * Accounts for the next `byteLength` bytes the reader got, calling `piece` for each noted chunk they are made of
   * (a stream may hand on several at once). Returns false, calling nothing, when they do not line up with chunks
   * that arrived by `now`; from then on it always does, and the reader keeps its own time.
   */
  take(byteLength: number, now: number, piece: (size: number, at: number) => void): boolean;
  /** When the message was complete, if every byte of it was taken and lined up. */
  completeAt(): number | undefined;
}

export interface WatchedFetch {
  response: Response;
  /** When the response head arrived, by the clock that noted it, else when `fetch` resolved (`performance.now()`). */
  headersAt: number;
  /**
   * The body's clock, once checked against the response: the same status, the head noted before `fetch` resolved,
   * no content encoding (decoded bytes don't line up with the wire's). Undefined when no clock in the fetch chain
   * noted the request (plain fetch, msw replay) or a check fails.
   */
  clock?: BodyClock;
  /** What the fetch chain's clock noted for the request whose response this is, checked or not. */
  noted?: NotedArrivals;
}

interface Watch {
  /** The latest request a clock in the fetch chain noted for the watched call: a retry's replaces the first's. */
  noted?: NotedArrivals;
  /** Set once the caller has taken the arrivals: later requests made in this async context are not its. */
  closed: boolean;
}

const context = new AsyncLocalStorage<Watch>();

/**
 * Called by a clock in the fetch chain (the stamping relay's fetch, the socket clock's) as it sends a request inside
 * `watchFetch`: its arrivals time the response `watchFetch` returns, unless a later request replaces them.
 */
export function noteArrivals(noted: NotedArrivals): void {
  const watch = context.getStore();
  if (watch === undefined || watch.closed) return;
  watch.noted = noted;
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

function usable(noted: NotedArrivals | undefined, response: Response, resolvedAt: number): boolean {
  const headersAt = noted?.headersAt();
  if (noted === undefined || headersAt === undefined || headersAt > resolvedAt) return false;
  if (noted.status() !== response.status) return false;
  const encoding = response.headers.get('content-encoding');
  return encoding === null || encoding.trim().toLowerCase() === 'identity';
}

/**
 * Runs `call` (a fetch) and returns its response with the arrival times a clock in its fetch chain noted for the
 * request that answered, if any did.
 */
export async function watchFetch(call: () => Promise<Response>): Promise<WatchedFetch> {
  const watch: Watch = { closed: false };
  try {
    const response = await context.run(watch, call);
    const resolvedAt = performance.now();
    const { noted } = watch;
    if (noted === undefined) return { response, headersAt: resolvedAt };
    if (!usable(noted, response, resolvedAt)) return { response, headersAt: resolvedAt, noted };
    return {
      response,
      headersAt: noted.headersAt() ?? resolvedAt,
      clock: createBodyClock(noted.arrivals),
      noted,
    };
  } finally {
    watch.closed = true;
    watch.noted = undefined;
  }
}
