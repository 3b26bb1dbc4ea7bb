import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchFetch } from '../socket-clock.ts';
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
const closed: string[] = [];
let origin: Server;
let originUrl: string;
let relay: StampingRelay;

/** Keeps the thread busy, as a long parse or a garbage collection would. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

beforeAll(async () => {
  origin = createServer({ noDelay: true }, async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) closed.push(entry.url);
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
    // A server on a thread of its own, so that blocking this one does not hold back its writes.
    const paced = new Worker(
      `const { createServer } = require('node:http');
      const { parentPort } = require('node:worker_threads');
      const server = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\\n\\n');
        setTimeout(() => res.write('data: 2\\n\\n'), 100);
        setTimeout(() => res.end('data: 3\\n\\n'), 200);
      });
      server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
      { eval: true },
    );
    const [port] = (await once(paced, 'message')) as [number];
    const timeChunks = async (baseFetch: typeof fetch) => {
      const tap = createWireTap(baseFetch);
      const response = await tap.fetch(`http://127.0.0.1:${port}/paced`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      // Chunks 2 and 3 arrive while this thread cannot read them.
      block(300);
      while (!(await reader.read()).done) {
        // drain
      }
      await tap.settled();
      return tap.exchanges[0]?.chunks ?? [];
    };

    const relayed = await timeChunks(relay.wrap());
    expect(relayed.map((chunk) => chunk.text)).toEqual(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
    const [first, second, third] = relayed.map((chunk) => chunk.t) as [number, number, number];
    expect(second - first).toBeGreaterThan(70);
    expect(third - second).toBeGreaterThan(70);

    // The control: stamped on this thread, the two late chunks come out at the same moment, after the block.
    const local = await timeChunks(globalThis.fetch);
    await paced.terminate();
    const times = local.map((chunk) => chunk.t);
    expect((times.at(-1) as number) - (times.at(-2) as number)).toBeLessThan(20);
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
    routes.set('/long', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const next = () => {
        res.write(`piece ${sent}\n`);
        if (++sent < pieces) setTimeout(next, 1);
        else res.end();
      };
      next();
    });
    const watched = await watchFetch(() => relay.wrap()(`${originUrl}/long`));
    expect(watched.clock).toBeDefined();
    const reader = (watched.response.body as ReadableStream<Uint8Array>).getReader();
    let stamped = 0;
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      expect(watched.clock?.take(read.value.byteLength, performance.now(), () => stamped++)).toBe(true);
    }
    // Pieces written 1 ms apart may still meet in one socket read; hundreds stay apart.
    expect(stamped).toBeGreaterThan(256);
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
    controller.abort();
    for (let waited = 0; !closed.includes('/endless') && waited < 5000; waited += 20) await sleep(20);
    expect(closed).toContain('/endless');
  });
});
