import * as diagnosticsChannel from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLiveFetch } from '../runner/live-fetch.ts';
import { watchFetch } from './body-clock.ts';
import {
  createSocketClock,
  type DiagnosticsChannels,
  type SocketClock,
  UNDICI_CHANNELS,
} from './socket-clock.ts';
import { createWireTap } from './tap.ts';
import { undiciPublishesBodyChunks } from './test-support/undici-body-chunk-events.ts';

// Nothing here depends on how undici groups the bytes of a response into events (7.29 and 7.30 differ): every
// assertion compares the clock's stamps with the events the channel really delivered and with the reads.

const HOLD_MS = 40;
/** Asked of the channel itself: undici 7 (Node 24) publishes body chunk events, undici 6 (Node 22) does not. */
const publishes = await undiciPublishesBodyChunks();

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Holds the event loop the way a heavy consumer of other streams would.
  }
}

interface Parsed {
  request: unknown;
  at: number;
  size: number;
}

/**
 * Node's channels, but every body chunk event, once the clock has stamped it, is noted and then holds the event loop
 * for HOLD_MS: everything after the parser (the stream, its reader) runs at least that much later.
 */
function busyChannels(): { channels: DiagnosticsChannels; parsed: Parsed[] } {
  const parsed: Parsed[] = [];
  const wrapped = new Map<(message: unknown) => void, (message: unknown) => void>();
  const channels: DiagnosticsChannels = {
    subscribe(name, onMessage) {
      const listener = (message: unknown) => {
        onMessage(message);
        if (name !== UNDICI_CHANNELS.bodyChunk) return;
        const { request, chunk } = message as { request: unknown; chunk: Uint8Array };
        parsed.push({ request, at: performance.now(), size: chunk.byteLength });
        busyWait(HOLD_MS);
      };
      wrapped.set(onMessage, listener);
      diagnosticsChannel.subscribe(name, listener);
    },
    unsubscribe(name, onMessage) {
      const listener = wrapped.get(onMessage);
      if (listener) diagnosticsChannel.unsubscribe(name, listener);
    },
  };
  return { channels, parsed };
}

interface Piece {
  size: number;
  at: number;
  readAt: number;
}

/** Reads a watched response through its clock, as the wire tap does; every read must line up. */
async function readThroughClock(watched: Awaited<ReturnType<typeof watchFetch>>) {
  const pieces: Piece[] = [];
  let text = '';
  const decoder = new TextDecoder();
  let lined = true;
  for await (const chunk of watched.response.body as ReadableStream<Uint8Array>) {
    const readAt = performance.now();
    text += decoder.decode(chunk, { stream: true });
    lined &&=
      watched.clock?.take(chunk.byteLength, readAt, (size, at) => pieces.push({ size, at, readAt })) ?? false;
  }
  return { pieces, text, lined };
}

let server: Server;
let url = '';
let retryCalls = 0;
const clocks: SocketClock[] = [];

function clockOver(channels?: DiagnosticsChannels): SocketClock {
  const clock = createSocketClock(channels);
  clocks.push(clock);
  return clock;
}

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

afterEach(() => {
  for (const clock of clocks.splice(0)) clock.close();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the socket clock', () => {
  it.runIf(publishes)(
    'stamps each chunk when the parser took it off the socket, before the stream handed it on',
    async () => {
      const { channels, parsed } = busyChannels();
      const clock = clockOver(channels);
      const watched = await watchFetch(() => clock.wrap()(`${url}/`));
      expect(watched.clock).toBeDefined();
      const { pieces, text, lined } = await readThroughClock(watched);
      expect(text).toBe('data: first\n\ndata: second\n\n');
      expect(lined).toBe(true);
      // One piece per event the channel delivered, however undici grouped the bytes.
      expect(pieces.map((piece) => piece.size)).toEqual(parsed.map((event) => event.size));
      for (const [i, piece] of pieces.entries()) {
        // The clock's listener ran before the busy one noted the same event.
        expect(piece.at).toBeLessThanOrEqual(parsed[i]?.at as number);
        // Everything after the parser waited out the hold; the stamp did not.
        expect(piece.readAt - piece.at).toBeGreaterThanOrEqual(HOLD_MS);
      }
      expect(watched.headersAt).toBeLessThanOrEqual(pieces[0]?.at as number);
    },
  );

  it('lines up a read that brought several events, or one event of several HTTP chunks, alike', async () => {
    const clock = clockOver();
    const tap = createWireTap(clock.wrap());
    const text = await (await tap.fetch(`${url}/pair`)).text();
    await tap.settled();
    expect(text).toBe('data: a\n\ndata: b\n\n');
    const exchange = tap.exchanges[0];
    expect(exchange?.chunks.map((chunk) => chunk.text).join('')).toBe(text);
    expect(exchange?.complete).toBe(true);
    const times = exchange?.chunks.map((chunk) => chunk.t) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(exchange?.tEnd).toBeGreaterThanOrEqual(times.at(-1) as number);
  });

  it.runIf(publishes)(
    'follows the last request a retrying fetch under it made, whose response it returned',
    async () => {
      retryCalls = 0;
      const { channels, parsed } = busyChannels();
      const clock = clockOver(channels);
      const retrying = createLiveFetch({ fetch: clock.wrap(), retries: 1, retryBaseMs: 0 });
      const watched = await watchFetch(() => retrying(`${url}/retry`));
      expect(retryCalls).toBe(2);
      expect(watched.response.status).toBe(200);
      const { pieces, text, lined } = await readThroughClock(watched);
      expect(text).toBe('data: first\n\ndata: second\n\n');
      expect(lined).toBe(true);
      const last = parsed.at(-1)?.request;
      const answered = parsed.filter((event) => event.request === last);
      expect(answered.length).toBeLessThan(parsed.length);
      expect(pieces.map((piece) => piece.size)).toEqual(answered.map((event) => event.size));
      for (const [i, piece] of pieces.entries())
        expect(piece.at).toBeLessThanOrEqual(answered[i]?.at as number);
    },
  );

  it('times only the requests sent through its own fetch', async () => {
    clockOver();
    const watched = await watchFetch(() => fetch(`${url}/pair`));
    expect(watched.noted).toBeUndefined();
    expect(watched.clock).toBeUndefined();
    await watched.response.text();
  });

  it('leaves a compressed body to the tap, whose decoded bytes do not line up with the wire', async () => {
    const clock = clockOver();
    const watched = await watchFetch(() => clock.wrap()(`${url}/gzip`));
    expect(watched.noted?.status()).toBe(200);
    expect(watched.clock).toBeUndefined();
    await watched.response.text();
    const tap = createWireTap(clock.wrap());
    expect(await (await tap.fetch(`${url}/gzip`)).text()).toBe('data: zipped\n\n');
    await tap.settled();
    expect(tap.exchanges[0]?.chunks.map((chunk) => chunk.text).join('')).toBe('data: zipped\n\n');
    expect(tap.exchanges[0]?.complete).toBe(true);
  });

  it('leaves a fetch that is not undici to the tap', async () => {
    const clock = clockOver();
    const mocked = clock.wrap(async () => new Response('data: mocked\n\n', { status: 200 }));
    const watched = await watchFetch(() => mocked('https://example.invalid/v1'));
    expect(watched.noted?.headersAt()).toBeUndefined();
    expect(watched.clock).toBeUndefined();
    const tap = createWireTap(mocked);
    expect(await (await tap.fetch('https://example.invalid/v1')).text()).toBe('data: mocked\n\n');
    await tap.settled();
    const exchange = tap.exchanges[0];
    expect(exchange?.chunks).toEqual([{ t: expect.any(Number), text: 'data: mocked\n\n' }]);
    expect(exchange?.tEnd).toBeGreaterThanOrEqual(exchange?.chunks[0]?.t ?? 0);
  });

  it('stops listening to the channels when closed', () => {
    const channel = diagnosticsChannel.channel(UNDICI_CHANNELS.bodyChunk);
    const clock = createSocketClock();
    expect(channel.hasSubscribers).toBe(true);
    clock.close();
    expect(channel.hasSubscribers).toBe(false);
  });
});

describe('the wire tap without a clock in its fetch chain', () => {
  it('never subscribes to the diagnostics channels', async () => {
    const channel = diagnosticsChannel.channel(UNDICI_CHANNELS.bodyChunk);
    expect(channel.hasSubscribers).toBe(false);
    const tap = createWireTap();
    expect(await (await tap.fetch(`${url}/pair`)).text()).toBe('data: a\n\ndata: b\n\n');
    await tap.settled();
    expect(channel.hasSubscribers).toBe(false);
  });

  it.runIf(publishes)('keeps its own reading time, after a parser held up by a busy listener', async () => {
    // Held by a listener of its own: the tap's times are its reads, after the hold.
    const parsed: number[] = [];
    const hold = () => {
      parsed.push(performance.now());
      busyWait(HOLD_MS);
    };
    diagnosticsChannel.subscribe(UNDICI_CHANNELS.bodyChunk, hold);
    let sentAt = 0;
    const held = createWireTap((input, init) => {
      sentAt = performance.now();
      return fetch(input, init);
    });
    try {
      await (await held.fetch(`${url}/`)).text();
      await held.settled();
    } finally {
      diagnosticsChannel.unsubscribe(UNDICI_CHANNELS.bodyChunk, hold);
    }
    const first = held.exchanges[0]?.chunks[0]?.t as number;
    // The tap's clock starts a few µs before the fetch is called: its times can only be later than these.
    expect(first).toBeGreaterThanOrEqual((parsed[0] as number) - sentAt + HOLD_MS - 1e-6);
  });
});
