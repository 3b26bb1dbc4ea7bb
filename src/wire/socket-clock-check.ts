// Before `bench --clock local` trusts undici's diagnostics channels with its figures, it asks them about a few
// responses whose bytes it knows: a loopback server of its own sends chunks with gaps, and one pair in one go. The
// check does not care how undici groups the bytes into events (that changes between versions), only that the events
// come, add up to what the reader got, line up with its reads and are stamped in order, no later than the reads.

import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type ArrivalSource, watchFetch } from './body-clock.ts';
import type { SocketClock } from './socket-clock.ts';

export type SocketClockCheck = { ok: true } | { ok: false; reason: string };

/** One read of a body: the running byte total after it, and when the reader got it. */
export interface BodyRead {
  end: number;
  at: number;
}

export interface ObservedBody {
  /** What the channel noted, if anything. */
  status: number | undefined;
  headersAt: number | undefined;
  arrivals: ArrivalSource;
  /** What the reader saw. */
  expectedStatus: number;
  resolvedAt: number;
  reads: readonly BodyRead[];
  doneAt: number;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Why the noted arrivals of one body cannot time it, or undefined when they can. */
export function judgeArrivals(body: ObservedBody): string | undefined {
  const { arrivals, reads } = body;
  if (body.headersAt === undefined) return 'no headers event came for the response';
  if (body.status !== body.expectedStatus) {
    return `the headers event gave status ${body.status}, the response ${body.expectedStatus}`;
  }
  if (body.headersAt > body.resolvedAt) return 'the headers were stamped after fetch had resolved';
  const count = arrivals.count();
  const total = reads.at(-1)?.end ?? 0;
  if (count === 0) return `no body chunk event came for a body of ${total} bytes`;
  const noted = arrivals.end(count - 1);
  if (noted !== total) return `the body chunk events add up to ${noted} bytes, the reader got ${total}`;
  let previousEnd = 0;
  let previousAt = body.headersAt;
  for (let i = 0; i < count; i++) {
    const end = arrivals.end(i);
    const at = arrivals.at(i);
    if (!(end > previousEnd)) return `body chunk event ${i + 1} brought no bytes`;
    if (!(at >= previousAt)) return `body chunk event ${i + 1} was stamped before the one it follows`;
    previousEnd = end;
    previousAt = at;
  }
  let event = 0;
  for (const read of reads) {
    while (event < count && arrivals.end(event) < read.end) event++;
    if (event >= count || arrivals.end(event) !== read.end) {
      return `a read ended at byte ${read.end}, inside a body chunk event`;
    }
    if (arrivals.at(event) > read.at) {
      return `a chunk was stamped ${ms(arrivals.at(event) - read.at)} after the read that brought it`;
    }
  }
  const completeAt = arrivals.completeAt();
  if (completeAt === undefined) return 'no event marked the end of the body';
  if (completeAt > body.doneAt) return 'the end of the body was stamped after the reader had reached it';
  return undefined;
}

type Route = (res: ServerResponse) => void;

const gap = (then: () => void) => setTimeout(then, 5);

const ROUTES: Record<string, Route> = {
  // A few chunks with gaps: undici parses them apart.
  '/gaps': (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: one\n\n');
    gap(() => {
      res.write('data: two\n\n');
      gap(() => {
        res.write('data: three\n\n');
        gap(() => res.end('data: [DONE]\n\n'));
      });
    });
  },
  // Two chunks in one go: one event or two, depending on undici's version.
  '/pair': (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: a\n\n');
    res.end('data: b\n\n');
  },
  // Headers first, the body a moment later.
  '/late-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    gap(() => res.end('{"ok":true}'));
  },
};

async function observe(url: string, send: typeof fetch): Promise<ObservedBody> {
  const watched = await watchFetch(() => send(url));
  const resolvedAt = performance.now();
  const reads: BodyRead[] = [];
  let end = 0;
  const body = watched.response.body;
  if (body !== null) {
    for await (const chunk of body) {
      end += chunk.byteLength;
      reads.push({ end, at: performance.now() });
    }
  }
  const doneAt = performance.now();
  const noted = watched.noted;
  const none: ArrivalSource = { count: () => 0, end: () => 0, at: () => 0, completeAt: () => undefined };
  return {
    status: noted?.status(),
    headersAt: noted?.headersAt(),
    arrivals: noted?.arrivals ?? none,
    expectedStatus: watched.response.status,
    resolvedAt,
    reads,
    doneAt,
  };
}

/**
 * Sends a few requests through `clock.wrap(baseFetch)` to a loopback server this starts, and says whether the
 * clock timed each of them as it should; if not, why (the first failure).
 */
export async function checkSocketClock(
  clock: SocketClock,
  baseFetch: typeof fetch = globalThis.fetch,
): Promise<SocketClockCheck> {
  const server = createServer((req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = clock.wrap(baseFetch);
  try {
    for (const path of Object.keys(ROUTES)) {
      const body = await observe(`${origin}${path}`, send);
      const reason = judgeArrivals(body);
      if (reason !== undefined) return { ok: false, reason: `${reason} (loopback ${path})` };
    }
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `a loopback request failed: ${message}` };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
