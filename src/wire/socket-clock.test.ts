import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveFetch } from '../runner/live-fetch.ts';
import {
  arrivalSource,
  createBodyClock,
  type SocketArrivals,
  setSocketClockEnabled,
} from './socket-clock.ts';
import { createWireTap } from './tap.ts';

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Holds the event loop the way a heavy consumer of other streams would.
  }
}

describe('createBodyClock', () => {
  const arrivals: SocketArrivals = { headersAt: 1, completeAt: 40, ends: [5, 8, 20], at: [10, 20, 30] };

  it('gives each socket chunk of a read its own arrival time', () => {
    const clock = createBodyClock(arrivalSource(arrivals));
    const pieces: [number, number][] = [];
    expect(clock.take(8, 25, (size, at) => pieces.push([size, at]))).toBe(true);
    expect(clock.take(12, 35, (size, at) => pieces.push([size, at]))).toBe(true);
    expect(pieces).toEqual([
      [5, 10],
      [3, 20],
      [12, 30],
    ]);
    expect(clock.completeAt()).toBe(40);
  });

  it('stops for good when a read does not end on a socket chunk boundary', () => {
    const clock = createBodyClock(arrivalSource(arrivals));
    const piece = () => {};
    expect(clock.take(6, 50, piece)).toBe(false);
    expect(clock.take(2, 50, piece)).toBe(false);
    expect(clock.completeAt()).toBeUndefined();
  });

  it('refuses arrivals later than the read that brought the bytes', () => {
    const clock = createBodyClock(arrivalSource(arrivals));
    expect(clock.take(5, 9, () => {})).toBe(false);
  });

  it('has no end time until every byte was taken', () => {
    const clock = createBodyClock(arrivalSource(arrivals));
    clock.take(5, 50, () => {});
    expect(clock.completeAt()).toBeUndefined();
  });
});

describe('the wire tap on the socket clock', () => {
  let server: Server;
  let url = '';
  let retryCalls = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(gzipSync('data: zipped\n\n'));
        return;
      }
      if (req.url === '/retry' && retryCalls++ === 0) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('busy, try again');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.url === '/pair') {
        // Two HTTP chunks in one go: the client usually parses both before its body stream is read.
        res.write('data: a\n\n');
        res.end('data: b\n\n');
        return;
      }
      res.write('data: first\n\n');
      setTimeout(() => res.end('data: second\n\n'), 30);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    setSocketClockEnabled(true);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function tapped(path: string) {
    const tap = createWireTap();
    const response = await tap.fetch(`${url}${path}`);
    const text = await response.text();
    await tap.settled();
    return { text, exchange: tap.exchanges[0] };
  }

  /** Holds the event loop in a diagnostics subscriber that runs after the socket clock's, for every body chunk. */
  async function withBusyParser(holdMs: number, path = '/', baseFetch: typeof fetch = fetch) {
    await tapped('/'); // The socket clock subscribes on first use: a busy subscriber must come after it.
    const parsed: { at: number; text: string }[] = [];
    const hold = (message: unknown) => {
      const chunk = (message as { chunk: Buffer }).chunk;
      parsed.push({ at: performance.now(), text: chunk.toString() });
      busyWait(holdMs);
    };
    subscribe('undici:request:bodyChunkReceived', hold);
    let sentAt = 0;
    const tap = createWireTap((input, init) => {
      sentAt = performance.now();
      return baseFetch(input, init);
    });
    try {
      const response = await tap.fetch(`${url}${path}`);
      await response.text();
      await tap.settled();
    } finally {
      unsubscribe('undici:request:bodyChunkReceived', hold);
    }
    // ms from the request to when the parser had the first body chunk (the fetch is called a few µs after the tap's
    // own clock starts, hence the 0.5 ms of slack in the checks).
    const firstParsed = (parsed.find((chunk) => chunk.text === 'data: first\n\n')?.at ?? Number.NaN) - sentAt;
    return { firstParsed, exchange: tap.exchanges[0] };
  }

  it('stamps a chunk when the parser took it off the socket, not when the stream handed it on', async () => {
    const { firstParsed, exchange } = await withBusyParser(40);
    const first = exchange?.chunks[0];
    expect(first?.text).toBe('data: first\n\n');
    // Everything after the parser waited 40 ms; the stamp did not.
    expect(first?.t).toBeLessThanOrEqual(firstParsed + 0.5);
    expect(first?.t).toBeGreaterThan(firstParsed - 5);
    expect(exchange?.tHeaders).toBeLessThanOrEqual(first?.t ?? 0);
  });

  it('falls back to its own reading time when switched off', async () => {
    setSocketClockEnabled(false);
    try {
      const { firstParsed, exchange } = await withBusyParser(40);
      expect(exchange?.chunks[0]?.t).toBeGreaterThanOrEqual(firstParsed + 39);
    } finally {
      setSocketClockEnabled(true);
    }
  });

  it('follows the last request a retrying fetch made, whose response it returned', async () => {
    retryCalls = 0;
    const retrying = createLiveFetch({ retries: 1, retryBaseMs: 0 });
    const { firstParsed, exchange } = await withBusyParser(40, '/retry', retrying);
    expect(retryCalls).toBe(2);
    expect(exchange?.status).toBe(200);
    expect(exchange?.chunks.map((chunk) => chunk.text)).toEqual(['data: first\n\n', 'data: second\n\n']);
    expect(exchange?.chunks[0]?.t).toBeLessThanOrEqual(firstParsed + 0.5);
    expect(exchange?.chunks[0]?.t).toBeGreaterThan(firstParsed - 5);
  });

  it('records socket chunks that one read brought together as separate chunks', async () => {
    const { exchange } = await withBusyParser(5, '/pair');
    expect(exchange?.chunks.map((chunk) => chunk.text)).toEqual(['data: a\n\n', 'data: b\n\n']);
    expect(exchange?.complete).toBe(true);
  });

  it('keeps its own clock for compressed bodies, whose decoded bytes do not line up with the wire', async () => {
    const { text, exchange } = await tapped('/gzip');
    expect(text).toBe('data: zipped\n\n');
    expect(exchange?.chunks.map((chunk) => chunk.text).join('')).toBe('data: zipped\n\n');
    expect(exchange?.complete).toBe(true);
  });

  it('keeps its own clock for a fetch that is not undici', async () => {
    const tap = createWireTap(async () => new Response('data: mocked\n\n', { status: 200 }));
    const response = await tap.fetch('https://example.invalid/v1');
    expect(await response.text()).toBe('data: mocked\n\n');
    await tap.settled();
    const exchange = tap.exchanges[0];
    expect(exchange?.chunks).toEqual([{ t: expect.any(Number), text: 'data: mocked\n\n' }]);
    expect(exchange?.tEnd).toBeGreaterThanOrEqual(exchange?.chunks[0]?.t ?? 0);
  });
});
