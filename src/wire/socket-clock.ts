// Arrival times of response bytes as undici's HTTP parser takes them off the socket, read from its diagnostics
// channels (Node's fetch is undici). A web stream hands chunks on a few ticks later, and later still when the event
// loop is busy: these times don't wait for that. How undici groups bytes into events is its own affair and changes
// between versions (7.30 reports two HTTP chunks of one socket read as one event, 7.29 as two), so nothing here
// relies on it; and since the channels are undici's internals, `bench --clock local` checks them at start
// (socket-clock-check.ts) and the wire tap never uses this clock unless a fetch chain asks for it.

import { AsyncLocalStorage } from 'node:async_hooks';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { type ArrivalSource, type NotedArrivals, noteArrivals } from './body-clock.ts';

/** Where the socket clock reads undici's events: Node's diagnostics channels, or a stand-in (tests). */
export interface DiagnosticsChannels {
  subscribe(name: string, onMessage: (message: unknown) => void): void;
  unsubscribe(name: string, onMessage: (message: unknown) => void): void;
}

export const NODE_DIAGNOSTICS_CHANNELS: DiagnosticsChannels = {
  subscribe: (name, onMessage) => diagnosticsChannel.subscribe(name, onMessage),
  unsubscribe: (name, onMessage) => {
    diagnosticsChannel.unsubscribe(name, onMessage);
  },
};

/** The undici channels the clock reads. */
export const UNDICI_CHANNELS = {
  create: 'undici:request:create',
  headers: 'undici:request:headers',
  bodyChunk: 'undici:request:bodyChunkReceived',
  trailers: 'undici:request:trailers',
} as const;

/** What the socket saw of one undici request's response, in `performance.now()` ms. */
interface SocketArrivals {
  status?: number;
  headersAt?: number;
  /** When the whole message had been parsed. */
  completeAt?: number;
  /** Running total of body bytes at the end of each chunk, in arrival order. */
  readonly ends: number[];
  /** Arrival of each chunk. */
  readonly at: number[];
}

interface Call {
  /** The latest undici request made inside this call (a redirect makes another). */
  current?: SocketArrivals;
  /** Set once the call's fetch resolved: requests made later in its async context are not its. */
  closed: boolean;
}

export interface SocketClock {
  /**
   * A fetch that behaves as `baseFetch` (default `globalThis.fetch`, read at call time) and, inside the wire tap,
   * has undici's parser time the response. Put it under retries and limits, as the stamping relay's fetch is.
   */
  wrap(baseFetch?: typeof fetch): typeof fetch;
  /** Stops listening to the channels. */
  close(): void;
}

function requestOf(message: unknown): object | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const request = (message as { request?: unknown }).request;
  return typeof request === 'object' && request !== null ? request : undefined;
}

function notedOf(call: Call): NotedArrivals {
  const arrivals: ArrivalSource = {
    count: () => call.current?.ends.length ?? 0,
    end: (index) => call.current?.ends[index] as number,
    at: (index) => call.current?.at[index] as number,
    completeAt: () => call.current?.completeAt,
  };
  return { status: () => call.current?.status, headersAt: () => call.current?.headersAt, arrivals };
}

/** Listens to undici's request channels until `close`; only requests sent through `wrap()` are timed. */
export function createSocketClock(channels: DiagnosticsChannels = NODE_DIAGNOSTICS_CHANNELS): SocketClock {
  const calls = new AsyncLocalStorage<Call>();
  const byRequest = new WeakMap<object, SocketArrivals>();
  const arrivalsOf = (message: unknown) => {
    const request = requestOf(message);
    return request === undefined ? undefined : byRequest.get(request);
  };
  // The request is created inside the wrapped call's async context, wherever undici later parses its response.
  const listeners: Record<keyof typeof UNDICI_CHANNELS, (message: unknown) => void> = {
    create(message) {
      const call = calls.getStore();
      const request = requestOf(message);
      if (call === undefined || call.closed || request === undefined) return;
      const arrivals: SocketArrivals = { ends: [], at: [] };
      byRequest.set(request, arrivals);
      call.current = arrivals;
    },
    headers(message) {
      const arrivals = arrivalsOf(message);
      if (arrivals === undefined) return;
      arrivals.headersAt = performance.now();
      const status = (message as { response?: { statusCode?: unknown } }).response?.statusCode;
      if (typeof status === 'number') arrivals.status = status;
    },
    bodyChunk(message) {
      const at = performance.now();
      const arrivals = arrivalsOf(message);
      if (arrivals === undefined) return;
      const chunk = (message as { chunk?: { byteLength?: unknown } }).chunk;
      const size = typeof chunk?.byteLength === 'number' ? chunk.byteLength : 0;
      arrivals.ends.push((arrivals.ends.at(-1) ?? 0) + size);
      arrivals.at.push(at);
    },
    trailers(message) {
      const arrivals = arrivalsOf(message);
      if (arrivals !== undefined) arrivals.completeAt = performance.now();
    },
  };
  const names = Object.keys(UNDICI_CHANNELS) as (keyof typeof UNDICI_CHANNELS)[];
  for (const key of names) channels.subscribe(UNDICI_CHANNELS[key], listeners[key]);
  let open = true;

  return {
    wrap(baseFetch) {
      return (async (input: RequestInfo | URL, init?: RequestInit) => {
        const send = baseFetch ?? globalThis.fetch;
        const call: Call = { closed: false };
        noteArrivals(notedOf(call));
        try {
          return await calls.run(call, () => send(input, init));
        } finally {
          call.closed = true;
        }
      }) as typeof fetch;
    },
    close() {
      if (!open) return;
      open = false;
      for (const key of names) channels.unsubscribe(UNDICI_CHANNELS[key], listeners[key]);
    },
  };
}
