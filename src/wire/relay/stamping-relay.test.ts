import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchFetch } from '../body-clock.ts';
import { createWireTap } from '../tap.ts';
import { MAX_ENTRIES } from './stamp-log.ts';
import { type StampingRelay, startStampingRelay } from './stamping-relay.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Route = (res: ServerResponse, seen: Seen) => void;

const routes = new Map<string, Route>();
const seen: Seen[] = [];
/** Resolves the waiter for a URL whose response was closed before it finished. */
const onClosed = new Map<string, () => void>();
const closedEarly = (url: string) => new Promise<void>((resolve) => onClosed.set(url, resolve));
let origin: Server;
let originUrl: string;
let relay: StampingRelay;

/**
 * Keeps the thread busy, as a long parse or a garbage collection would, until `done` (read from memory another
 * thread writes); after 10 s it gives up, since a blocked thread cannot be timed out by the test runner.
 */
function blockUntil(done: () => boolean, what: string): void {
  const giveUpAt = performance.now() + 10_000;
  while (!done()) {
    if (performance.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
  }
}

/**
 * A server on a thread of its own, so that blocking this one does not hold back its writes. It sends chunk 1 at
 * once, chunk n + 1 once `go[0]` reaches n, and counts the chunks it wrote in `go[1]`.
 */
async function startSteppedServer(): Promise<{ port: number; go: Int32Array; stop: () => Promise<number> }> {
  const go = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { createServer } = require('node:http');
    const { parentPort, workerData } = require('node:worker_threads');
    const go = new Int32Array(workerData.go);
    const server = createServer(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let n = 1; n <= 3; n++) {
        if (n > 1) await Atomics.waitAsync(go, 0, n - 2).value;
        if (n < 3) res.write('data: ' + n + '\\n\\n');
        else res.end('data: 3\\n\\n');
        Atomics.store(go, 1, n);
      }
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true, workerData: { go: go.buffer } },
  );
  const [port] = (await once(worker, 'message')) as [number];
  return { port, go, stop: () => worker.terminate() };
}

function step(go: Int32Array, to: number): void {
  Atomics.store(go, 0, to);
  Atomics.notify(go, 0);
}

beforeAll(async () => {
  origin = createServer({ noDelay: true }, async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) onClosed.get(entry.url)?.();
    });
    const route = routes.get(new URL(entry.url, 'http://x').pathname);
    if (route) route(res, entry);
    else res.writeHead(404).end();
  });
  origin.listen(0, '127.0.0.1');
  await once(origin, 'listening');
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  relay = await startStampingRelay();
});

afterAll(async () => {
  await relay.close();
  origin.closeAllConnections();
  origin.close();
});

describe('the stamping relay', () => {
  it('forwards the request and hands back status, headers and bytes unchanged', async () => {
    routes.set('/echo', (res) => {
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end('{"ok":true,"é":"ü"}');
    });
    const response = await relay.wrap()(`${originUrl}/echo?x=1&y=2`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: '{"prompt":"hi"}',
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.text()).toBe('{"ok":true,"é":"ü"}');
    const request = seen.at(-1) as Seen;
    expect(request).toMatchObject({ method: 'POST', url: '/echo?x=1&y=2', body: '{"prompt":"hi"}' });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
      host: new URL(originUrl).host,
    });
    expect(Object.keys(request.headers).filter((name) => name.startsWith('x-llmcompat'))).toEqual([]);
  });

  it('times each chunk when it reached the relay, even while this thread was busy', async () => {
    const server = await startSteppedServer();
    const watched = await watchFetch(() => relay.wrap()(`http://127.0.0.1:${server.port}/paced`));
    const arrivals = watched.noted?.arrivals;
    expect(watched.clock).toBeDefined();
    const reader = (watched.response.body as ReadableStream<Uint8Array>).getReader();
    const pieces: { size: number; at: number }[] = [];
    const take = (bytes: Uint8Array | undefined, now: number) =>
      watched.clock?.take(bytes?.byteLength ?? 0, now, (size, at) => pieces.push({ size, at }));
    // Chunk 2 is written only now, so this read holds chunk 1 alone.
    const first = await reader.read();
    expect(take(first.value, performance.now())).toBe(true);
    // This thread stays busy while chunks 2 and 3 arrive: chunk 3 is written once the relay has stamped chunk 2.
    step(server.go, 1);
    blockUntil(() => (arrivals?.count() ?? 0) >= 2, 'the relay to stamp chunk 2');
    step(server.go, 2);
    blockUntil(() => (arrivals?.count() ?? 0) >= 3, 'the relay to stamp chunk 3');
    const blockEnd = performance.now();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      expect(take(read.value, performance.now())).toBe(true);
    }
    await server.stop();
    expect(pieces.map((piece) => piece.size)).toEqual([9, 9, 9]);
    const [, second, third] = pieces.map((piece) => piece.at) as [number, number, number];
    expect(third).toBeGreaterThan(second);
    // Stamped while this thread was blocked. The relay's stamps come from the monotonic clock, moved onto this
    // thread's performance.now() by an offset measured at start (to a µs or so): 0.5 ms covers that, nothing more.
    expect(third).toBeLessThan(blockEnd + 0.5);

    // The control: the tap's own clock, on this thread, sees chunks 2 and 3 only once the block is over.
    const control = await startSteppedServer();
    let sentAt = 0;
    const tap = createWireTap((input, init) => {
      sentAt = performance.now();
      return fetch(input, init);
    });
    const local = (await tap.fetch(`http://127.0.0.1:${control.port}/paced`)).body!.getReader();
    await local.read();
    step(control.go, 1);
    blockUntil(() => Atomics.load(control.go, 1) >= 2, 'the server to write chunk 2');
    step(control.go, 2);
    blockUntil(() => Atomics.load(control.go, 1) >= 3, 'the server to write chunk 3');
    const controlBlockEnd = performance.now();
    while (!(await local.read()).done) {
      // drain
    }
    await tap.settled();
    await control.stop();
    const late = tap.exchanges[0]?.chunks.slice(1) ?? [];
    expect(late.map((chunk) => chunk.text).join('')).toBe('data: 2\n\ndata: 3\n\n');
    for (const chunk of late) expect(chunk.t).toBeGreaterThanOrEqual(controlBlockEnd - sentAt);
  });

  it('records the original request in the wire tap, not the relay', async () => {
    routes.set('/plain', (res) => res.end('plain'));
    const tap = createWireTap(relay.wrap());
    await (await tap.fetch(`${originUrl}/plain`)).text();
    await tap.settled();
    expect(tap.exchanges[0]?.request.url).toBe(`${originUrl}/plain`);
    expect(tap.exchanges[0]?.chunks.map((chunk) => chunk.text).join('')).toBe('plain');
  });

  it('stamps every piece of a stream longer than a log first holds', async () => {
    const pieces = 500;
    let watched: Awaited<ReturnType<typeof watchFetch>> | undefined;
    let started = () => {};
    const watching = new Promise<void>((resolve) => {
      started = resolve;
    });
    routes.set('/long', async (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('piece 0\n');
      await watching;
      // Each piece leaves once the relay has stamped the one before, so no two meet in one socket read.
      for (let sent = 1; sent < pieces; sent++) {
        while ((watched?.noted?.arrivals.count() ?? 0) < sent) await nextTurn();
        res.write(`piece ${sent}\n`);
      }
      res.end();
    });
    watched = await watchFetch(() => relay.wrap()(`${originUrl}/long`));
    started();
    expect(watched.clock).toBeDefined();
    const reader = (watched.response.body as ReadableStream<Uint8Array>).getReader();
    let stamped = 0;
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      expect(watched.clock?.take(read.value.byteLength, performance.now(), () => stamped++)).toBe(true);
    }
    expect(stamped).toBe(pieces);
    expect(stamped).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(watched.clock?.completeAt()).toBeDefined();
  });

  it('follows a redirect as fetch does', async () => {
    routes.set('/moved', (res) => res.writeHead(307, { location: '/final' }).end());
    routes.set('/final', (res) => res.end('arrived'));
    const response = await relay.wrap()(`${originUrl}/moved`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('arrived');
  });

  it('serves only the process that started it', async () => {
    const response = await fetch(`${relay.url}/echo`, { headers: { 'x-llmcompat-relay-target': originUrl } });
    expect(response.status).toBe(403);
    await response.body?.cancel();
  });

  it('rejects an unreachable origin as fetch does, with the error code as the cause', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    const failure = await relay
      .wrap()(`http://127.0.0.1:${port}/v1/chat`)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect((failure as TypeError).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it("passes the caller's abort on to the origin", async () => {
    routes.set('/endless', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first');
    });
    const controller = new AbortController();
    const response = await relay.wrap()(`${originUrl}/endless`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const closed = closedEarly('/endless');
    controller.abort();
    // Resolves once the origin saw its response closed unfinished; the test's own timeout says if it never was.
    await closed;
  });
});
