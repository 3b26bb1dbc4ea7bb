import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyError } from '../checks/classify-error.ts';
import { createWireTap } from '../wire/tap.ts';
import { createLiveFetch, type RetryInfo } from './live-fetch.ts';
import { retryAfterMs, retryWaitMs } from './live-fetch-retry.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A real loopback server; `hits` counts the requests it received. */
async function serve(handler: Handler): Promise<{ url: string; hits: () => number; bodies: string[] }> {
  let hits = 0;
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    hits++;
    const hit = hits;
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      bodies.push(Buffer.concat(parts).toString());
      handler(req, res, hit);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/chat`, hits: () => hits, bodies };
}

/** A port nothing listens on (a server bound it and closed). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await promise;
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe('createLiveFetch: retries', () => {
  it('waits out a 429 Retry-After: 1, then succeeds, replaying the request body', async () => {
    const server = await serve((_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end('{"error":"slow down"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const retries: RetryInfo[] = [];
    const liveFetch = createLiveFetch({ onRetry: (info) => retries.push(info) });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"model":'));
        controller.enqueue(new TextEncoder().encode('"gpt-4o"}'));
        controller.close();
      },
    });
    const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
    const { value: response, ms } = await settle(liveFetch(server.url, init));
    expect(response?.status).toBe(200);
    expect(await response?.json()).toEqual({ ok: true });
    // Retry-After: 1 is waited out (a timer may fire a few ms early by performance.now()).
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(retries).toEqual([{ attempt: 1, status: 429, waitMs: 1000, url: server.url }]);
    expect(server.bodies).toEqual(['{"model":"gpt-4o"}', '{"model":"gpt-4o"}']);
  });

  it('retries 503 as often as allowed, and hands back the last 503 when retries run out', async () => {
    const twiceUnavailable: Handler = (_req, res, hit) => {
      if (hit <= 2) res.writeHead(503).end('overloaded');
      else res.writeHead(200).end('fine');
    };
    const enough = await serve(twiceUnavailable);
    const seen: RetryInfo[] = [];
    const patient = createLiveFetch({ retries: 2, retryBaseMs: 20, onRetry: (info) => seen.push(info) });
    const ok = await patient(enough.url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('fine');
    expect(seen.map((info) => [info.attempt, info.status])).toEqual([
      [1, 503],
      [2, 503],
    ]);

    const short = await serve(twiceUnavailable);
    const impatient = createLiveFetch({ retries: 1, retryBaseMs: 20 });
    const failed = await impatient(short.url);
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('overloaded');
    expect(short.hits()).toBe(2);
  });

  it('backs off base * 2^n plus up to 20% jitter', async () => {
    const server = await serve((_req, res) => res.writeHead(502).end());
    const waits: number[] = [];
    const liveFetch = createLiveFetch({
      retries: 2,
      retryBaseMs: 50,
      random: () => 1,
      onRetry: (info) => waits.push(info.waitMs),
    });
    const { value: response, ms } = await settle(liveFetch(server.url));
    expect(response?.status).toBe(502);
    expect(waits).toEqual([60, 120]);
    expect(ms).toBeGreaterThanOrEqual(175);
    expect(server.hits()).toBe(3);
  });

  it('prefers retry-after-ms, and caps any wait at maxRetryWaitMs', async () => {
    const server = await serve((_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after-ms': '80', 'retry-after': '10' }).end();
      else if (hit === 2) res.writeHead(529, { 'retry-after': '3600' }).end();
      else res.writeHead(200).end('ok');
    });
    const waits: number[] = [];
    const liveFetch = createLiveFetch({ maxRetryWaitMs: 150, onRetry: (info) => waits.push(info.waitMs) });
    const response = await liveFetch(server.url);
    expect(response.status).toBe(200);
    expect(waits).toEqual([80, 150]);
  });

  it('returns a 401 at once, without retrying', async () => {
    const server = await serve((_req, res) => res.writeHead(401).end('{"error":{"message":"bad key"}}'));
    const seen: RetryInfo[] = [];
    const liveFetch = createLiveFetch({ retryBaseMs: 1000, onRetry: (info) => seen.push(info) });
    const { value: response } = await settle(liveFetch(server.url));
    expect(response?.status).toBe(401);
    expect(await response?.text()).toContain('bad key');
    expect(seen).toEqual([]);
    expect(server.hits()).toBe(1);
  });

  it('retries a connection dropped before the headers', async () => {
    const server = await serve((req, res, hit) => {
      if (hit === 1) req.socket.destroy();
      else res.writeHead(200).end('second time lucky');
    });
    const seen: RetryInfo[] = [];
    const liveFetch = createLiveFetch({ retryBaseMs: 10, onRetry: (info) => seen.push(info) });
    const response = await liveFetch(server.url);
    expect(await response.text()).toBe('second time lucky');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toBeUndefined();
    expect(seen[0]?.error).toMatch(/fetch failed/);
  });

  it('gives up on a refused connection after its retries, with the network error', async () => {
    const url = await deadUrl();
    const seen: RetryInfo[] = [];
    const liveFetch = createLiveFetch({ retries: 2, retryBaseMs: 10, onRetry: (info) => seen.push(info) });
    const { error } = await settle(liveFetch(url));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(seen.map((info) => info.error)).toEqual([
      expect.stringContaining('ECONNREFUSED'),
      expect.stringContaining('ECONNREFUSED'),
    ]);
  });

  it("cancels a retried response's body so its connection is freed", async () => {
    let closeFirst = () => {};
    const firstClosed = new Promise<void>((resolve) => {
      closeFirst = resolve;
    });
    const server = await serve((_req, res, hit) => {
      if (hit === 1) {
        res.on('close', closeFirst);
        res.writeHead(503);
        res.write('still going');
        return;
      }
      res.writeHead(200).end('ok');
    });
    const liveFetch = createLiveFetch({ retryBaseMs: 10 });
    expect(await (await liveFetch(server.url)).text()).toBe('ok');
    // The first response, never ended by the server, is closed by the client: the test's timeout says if not.
    await firstClosed;
  });
});

describe('createLiveFetch: timeouts', () => {
  it('fails with a TimeoutError naming the limit when no headers come, without retrying', async () => {
    const server = await serve(() => {});
    const liveFetch = createLiveFetch({ requestTimeoutMs: 300, retries: 2, retryBaseMs: 10 });
    const { error, ms } = await settle(liveFetch(server.url));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('TimeoutError');
    expect((error as Error).message).toBe('no response headers within 300 ms (request timeout)');
    // Not before the limit (a timer may fire a few ms early by performance.now()).
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(server.hits()).toBe(1);
  });

  it('errors the body with the stall message when the server stops sending mid-body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"a":1}\n\n');
    });
    const liveFetch = createLiveFetch({ idleTimeoutMs: 300, concurrency: 1 });
    const response = await liveFetch(server.url);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"a":1}\n\n');
    const { error, ms } = await settle(reader.read());
    expect((error as Error).name).toBe('TimeoutError');
    expect((error as Error).message).toBe('stream stalled: no bytes for 300 ms (idle timeout)');
    expect(ms).toBeGreaterThanOrEqual(280);
    // The stall released the only slot.
    const next = await settle(liveFetch(server.url));
    expect(next.value?.status).toBe(200);
  });

  it('times out a body that never sends its first byte', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.flushHeaders();
    });
    const liveFetch = createLiveFetch({ idleTimeoutMs: 200 });
    const response = await liveFetch(server.url);
    const { error } = await settle(response.text());
    expect((error as Error).message).toBe('stream stalled: no bytes for 200 ms (idle timeout)');
  });

  it('does not call a slow but steady stream stalled', async () => {
    // On a clock the test moves: 8 chunks 200 ms apart, 1.6 s in all, each gap under the 250 ms idle timeout.
    // (The idle watch reads node:perf_hooks' performance, which fake timers leave alone: it follows the fake Date.)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(performance, 'now').mockImplementation(() => Date.now());
    try {
      let source: ReadableStreamDefaultController<Uint8Array> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          source = controller;
        },
      });
      const liveFetch = createLiveFetch({ idleTimeoutMs: 250, fetch: async () => new Response(body) });
      const text = (await liveFetch('http://127.0.0.1:9/steady')).text();
      for (let sent = 0; sent < 8; sent++) {
        await vi.advanceTimersByTimeAsync(200);
        source?.enqueue(new TextEncoder().encode(`chunk ${sent}\n`));
      }
      source?.close();
      expect((await text).split('\n').filter(Boolean)).toHaveLength(8);
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('does not count a slow reader as a stall', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('all of it'));
    const liveFetch = createLiveFetch({ idleTimeoutMs: 100 });
    const response = await liveFetch(server.url);
    await delay(300);
    expect(await response.text()).toBe('all of it');
  });

  it('classifies the two timeouts apart, with the limit in the message, through the wire tap', async () => {
    const server = await serve((req, res) => {
      if (req.url?.includes('silent')) return;
      res.writeHead(200);
      res.write('data: {}\n\n');
    });
    const limits = { requestTimeoutMs: 250, idleTimeoutMs: 250 };
    const headers = createWireTap(createLiveFetch(limits));
    const noHeaders = await settle(headers.fetch(`${server.url}/silent`));
    expect(classifyError(noHeaders.error, headers.exchanges[0])).toEqual({
      kind: 'first-byte-timeout',
      message:
        'no response headers within 250 ms (request timeout): the provider never started answering; raise the ' +
        'timeout or check the endpoint',
      notes: [],
    });
    const body = createWireTap(createLiveFetch(limits));
    const stalled = await settle((await body.fetch(server.url)).text());
    expect(classifyError(stalled.error, body.exchanges[0])).toEqual({
      kind: 'stream-stall',
      status: 200,
      message: 'stream stalled: no bytes for 250 ms (idle timeout) after 1 chunk(s), 10 characters',
      notes: [],
    });
  });
});

describe('createLiveFetch: concurrency', () => {
  it('keeps at most 2 requests at the server until each body ends, and finishes all 6', async () => {
    // Each body stays open until the test ends it, which it does once 2 are open (or all that are left).
    const open: ServerResponse[] = [];
    let most = 0;
    let arrived = () => {};
    const server = await serve((_req, res) => {
      open.push(res);
      most = Math.max(most, open.length);
      res.writeHead(200);
      res.write('head ');
      arrived();
    });
    const openCount = (count: number) =>
      new Promise<void>((resolve) => {
        arrived = () => {
          if (open.length >= count) resolve();
        };
        arrived();
      });
    const liveFetch = createLiveFetch({ concurrency: 2 });
    const texts = Promise.all(Array.from({ length: 6 }, async () => (await liveFetch(server.url)).text()));
    for (let ended = 0; ended < 6; ended++) {
      await openCount(Math.min(2, 6 - ended));
      open.shift()?.end('tail');
    }
    expect(await texts).toEqual(Array(6).fill('head tail'));
    expect(most).toBe(2);
    expect(server.hits()).toBe(6);
  });

  it('releases the slot when the body is cancelled', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('endless');
    });
    const liveFetch = createLiveFetch({ concurrency: 1, idleTimeoutMs: 10_000 });
    const first = await liveFetch(server.url);
    await first.body!.cancel();
    const second = await settle(liveFetch(server.url));
    expect(second.value?.status).toBe(200);
    await second.value?.body?.cancel();
  });

  it('aborts a request while it is queued for a slot, and the server never sees it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('holding the slot');
    });
    const liveFetch = createLiveFetch({ concurrency: 1, idleTimeoutMs: 10_000 });
    const holder = await liveFetch(server.url);
    const controller = new AbortController();
    const queued = settle(liveFetch(server.url, { signal: controller.signal }));
    // A turn of the event loop: the second request is waiting for the slot by then.
    await nextTurn();
    controller.abort();
    const { error } = await queued;
    expect((error as Error).name).toBe('AbortError');
    expect(server.hits()).toBe(1);
    // The aborted waiter left the queue: the slot goes to the next request once the holder lets go.
    await holder.body!.cancel();
    const next = await settle(liveFetch(server.url));
    expect(next.value?.status).toBe(200);
    await next.value?.body?.cancel();
  });
});

describe('createLiveFetch: abort', () => {
  it('aborts during a backoff wait', async () => {
    const server = await serve((_req, res) => res.writeHead(503, { 'retry-after': '10' }).end());
    const seen: RetryInfo[] = [];
    const controller = new AbortController();
    // The abort comes as the 10 s wait begins: only an abortable wait lets this test end within its timeout.
    const liveFetch = createLiveFetch({
      onRetry: (info) => {
        seen.push(info);
        controller.abort();
      },
    });
    const { error } = await settle(liveFetch(server.url, { signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toEqual([{ attempt: 1, status: 503, waitMs: 10_000, url: server.url }]);
    expect(server.hits()).toBe(1);
  });

  it('aborts mid-body, erroring the body and freeing the slot', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const liveFetch = createLiveFetch({ concurrency: 1, idleTimeoutMs: 10_000 });
    const controller = new AbortController();
    const response = await liveFetch(server.url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    const pending = settle(reader.read());
    controller.abort();
    const { error } = await pending;
    expect((error as Error).name).toBe('AbortError');
    const next = await settle(liveFetch(server.url));
    expect(next.value?.status).toBe(200);
    await next.value?.body?.cancel();
  });

  it('frees the slot on abort even when nobody is reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('unread');
    });
    const liveFetch = createLiveFetch({ concurrency: 1, idleTimeoutMs: 10_000 });
    const controller = new AbortController();
    const unread = await liveFetch(server.url, { signal: controller.signal });
    controller.abort();
    // Waits for the slot the aborted body held: the test's timeout says if it is never freed.
    const next = await settle(liveFetch(server.url));
    expect(next.value?.status).toBe(200);
    await next.value?.body?.cancel();
    await expect(unread.text()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects at once with an already aborted signal', async () => {
    const server = await serve((_req, res) => res.end());
    const liveFetch = createLiveFetch();
    const { error } = await settle(liveFetch(server.url, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.hits()).toBe(0);
  });
});

describe('createLiveFetch: requests', () => {
  it('accepts a Request with a body, and sends its method, headers and body on every attempt', async () => {
    const seen: { method?: string; type?: string }[] = [];
    const server = await serve((req, res, hit) => {
      seen.push({ method: req.method, type: req.headers['content-type'] });
      if (hit === 1) res.writeHead(500).end();
      else res.writeHead(200).end();
    });
    const liveFetch = createLiveFetch({ retryBaseMs: 10 });
    const request = new Request(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"n":1}',
    });
    expect((await liveFetch(request)).status).toBe(200);
    expect(server.bodies).toEqual(['{"n":1}', '{"n":1}']);
    expect(seen).toEqual([
      { method: 'POST', type: 'application/json' },
      { method: 'POST', type: 'application/json' },
    ]);
  });

  it('reads globalThis.fetch at call time when no fetch is given', async () => {
    const liveFetch = createLiveFetch();
    const original = globalThis.fetch;
    const calls: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return new Response('stubbed');
    }) as typeof fetch;
    try {
      expect(await (await liveFetch('http://example.invalid/x')).text()).toBe('stubbed');
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).toEqual(['http://example.invalid/x']);
  });
});

describe('retryAfterMs / retryWaitMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, an HTTP date and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '2' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('falls back to jittered backoff', () => {
    const settings = { retryBaseMs: 500, maxRetryWaitMs: 30_000 };
    expect(retryWaitMs(0, new Headers(), { ...settings, random: () => 0 })).toBe(500);
    expect(retryWaitMs(1, undefined, { ...settings, random: () => 0.5 })).toBe(1100);
    expect(retryWaitMs(2, new Headers({ 'retry-after': 'soon' }), { ...settings, random: () => 1 })).toBe(
      2400,
    );
    expect(retryWaitMs(10, undefined, { ...settings, random: () => 0 })).toBe(30_000);
  });
});
