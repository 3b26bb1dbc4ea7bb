import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from './gateway.ts';

// The gateway between an external client and the harness's fetch, over real sockets on 127.0.0.1: an upstream
// server standing in for the provider, the gateway, and plain fetch standing in for the client.

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let upstream: Server;
let upstreamUrl: string;
let seen: Seen[];
let respond: (req: IncomingMessage, res: ServerResponse) => void;
let gateway: Gateway;

beforeEach(async () => {
  seen = [];
  upstream = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(parts).toString(),
    });
    respond(req, res);
  });
  await new Promise<void>((listening) => upstream.listen(0, '127.0.0.1', listening));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gateway = await startGateway();
});

afterEach(async () => {
  await gateway.close();
  upstream.closeAllConnections();
  await new Promise((closed) => upstream.close(closed));
});

describe('startGateway', () => {
  it('forwards path, query, headers and body to the base URL, and records what it sent', async () => {
    respond = (_req, res) => res.writeHead(201, { 'x-request-id': 'r1' }).end('{"ok":true}');
    const route = gateway.open({ fetch, baseUrl: `${upstreamUrl}/compat/v1` });
    expect(route.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/compat\/v1$/);
    const response = await fetch(`${route.baseUrl}/chat/completions?api-version=2`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-x', 'content-type': 'application/json', connection: 'keep-alive' },
      body: '{"model":"m"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.text()).toBe('{"ok":true}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/compat/v1/chat/completions?api-version=2',
      body: '{"model":"m"}',
      headers: expect.objectContaining({ authorization: 'Bearer sk-x', 'content-type': 'application/json' }),
    });
    // Its own host, not the gateway's.
    expect(seen[0]?.headers.host).toBe(new URL(upstreamUrl).host);
    expect(route.forwarded).toEqual([
      {
        method: 'POST',
        url: `${upstreamUrl}/compat/v1/chat/completions?api-version=2`,
        body: '{"model":"m"}',
      },
    ]);
  });

  it('streams the answer as it comes: the second chunk leaves upstream only after the first reached the client', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"a":1}\n\n');
      void released.then(() => res.end('data: [DONE]\n\n'));
    };
    const route = gateway.open({ fetch, baseUrl: upstreamUrl });
    const response = await fetch(`${route.baseUrl}/stream`, { method: 'POST', body: '{}' });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('data: {"a":1}\n\n');
    release();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
    }
    expect(rest).toBe('data: [DONE]\n\n');
  });

  it('hands on a compressed answer decoded, without its content-encoding', async () => {
    respond = (_req, res) =>
      res
        .writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' })
        .end(gzipSync('{"z":1}'));
    const route = gateway.open({ fetch, baseUrl: upstreamUrl });
    const response = await fetch(`${route.baseUrl}/x`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe('{"z":1}');
  });

  it('keeps a path that looks like another host on the provider’s origin', async () => {
    respond = (_req, res) => res.end('here');
    const route = gateway.open({ fetch, baseUrl: upstreamUrl });
    const response = await fetch(`${route.baseUrl}//elsewhere.example/x`);
    expect(await response.text()).toBe('here');
    expect(route.forwarded[0]?.url).toBe(`${upstreamUrl}//elsewhere.example/x`);
  });

  it('answers 404 on a route that is closed or was never opened', async () => {
    respond = (_req, res) => res.end('late');
    const route = gateway.open({ fetch, baseUrl: upstreamUrl });
    route.close();
    for (const url of [`${route.baseUrl}/x`, `${gateway.url}/nope/x`]) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { message: expect.stringMatching(/^llmcompat gateway: no open call answers \//) },
      });
    }
    expect(seen).toEqual([]);
  });

  it('closes the client’s connection without an answer when the fetch fails, as a provider’s failure would', async () => {
    const failing = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const route = gateway.open({ fetch: failing, baseUrl: upstreamUrl });
    await expect(fetch(`${route.baseUrl}/x`)).rejects.toThrow(TypeError);
    expect(route.forwarded).toHaveLength(1);
  });
});
