import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '../checks/classify-error.ts';
import { type StampingRelay, startStampingRelay } from '../wire/relay/stamping-relay.ts';
import { createLiveFetch } from './live-fetch.ts';
import { MAX_REDIRECTS, RedirectError } from './live-fetch-redirects.ts';

const KEY = 'AIza-redirect-canary-0123456789abcdef';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Records every request it gets, headers and body, and answers 200. */
function recordingServer(seen: Seen[]): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
}

let other: string;
let origin: string;
const otherSeen: Seen[] = [];
const originSeen: Seen[] = [];
const servers: Server[] = [];
let relay: StampingRelay;

beforeAll(async () => {
  const target = recordingServer(otherSeen);
  servers.push(target);
  other = await listen(target);
  const hostile = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      originSeen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const to = (status: number, location: string) => res.writeHead(status, { location }).end('moved');
      if (path === '/redirect-other') return to(307, `${other}/v1beta/models/x:generateContent`);
      if (path === '/hop/1') return to(302, '/hop/2');
      if (path === '/hop/2') return to(307, `${origin}/final?x=1`);
      if (path === '/post-307') return to(307, '/final');
      if (path === '/post-303') return to(303, '/final');
      if (path === '/loop') return to(302, '/loop');
      const chain = /^\/chain\/(\d+)$/.exec(path);
      if (chain) return to(302, `/chain/${Number(chain[1]) + 1}`);
      if (path === '/final') {
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ method: req.method, body }));
      }
      res.writeHead(404).end();
    });
  });
  servers.push(hostile);
  origin = await listen(hostile);
  relay = await startStampingRelay();
});

afterAll(async () => {
  await relay.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

const ways: [string, () => typeof fetch | undefined][] = [
  ['directly', () => undefined],
  ['through the stamping relay', () => relay.wrap()],
];

describe.each(ways)('the live fetch, %s', (_, baseFetch) => {
  const live = () => {
    const base = baseFetch();
    return createLiveFetch({ name: 'google', retries: 0, ...(base ? { fetch: base } : {}) });
  };
  const post = (body: string) => ({
    method: 'POST',
    headers: { 'x-goog-api-key': KEY, authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body,
  });

  it('does not follow a redirect to another origin: the other server is never contacted', async () => {
    const before = otherSeen.length;
    const error: unknown = await live()(`${origin}/redirect-other`, post('{"q":1}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toBe(
      `google redirected to ${other}: not followed, so the key is not sent there; point --base-url at the final URL`,
    );
    expect(otherSeen.length).toBe(before);
    // The way a case reports it: a network failure, not a timeout.
    expect(classifyError(error, undefined).kind).toBe('network');
  });

  it('follows redirects within the origin, keeping a 307 a POST with its body', async () => {
    const response = await live()(`${origin}/hop/1`, { headers: { 'x-goog-api-key': KEY } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'GET', body: '' });
    const kept = await live()(`${origin}/post-307`, post('{"keep":true}'));
    expect(await kept.json()).toEqual({ method: 'POST', body: '{"keep":true}' });
  });

  it('turns a 303 into a GET without the body', async () => {
    const response = await live()(`${origin}/post-303`, post('{"drop":true}'));
    expect(await response.json()).toEqual({ method: 'GET', body: '' });
    const final = originSeen.at(-1)!;
    expect(final.url).toBe('/final');
    expect(final.headers['content-type']).toBeUndefined();
  });

  it('stops a redirect loop with a network error naming it', async () => {
    const error: unknown = await live()(`${origin}/loop`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toBe(
      `google redirected in a loop (back to ${origin}/loop after 1 redirect): not followed further; ` +
        'point --base-url at the final URL',
    );
    expect(classifyError(error, undefined).kind).toBe('network');
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    const before = originSeen.length;
    const error: unknown = await live()(`${origin}/chain/0`).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `google redirected more than ${MAX_REDIRECTS} times (last to ${origin}/chain/${MAX_REDIRECTS + 1}): ` +
        'not followed further; point --base-url at the final URL',
    );
    expect(originSeen.length - before).toBe(MAX_REDIRECTS + 1);
  });

  it("honours the caller's redirect: 'manual'", async () => {
    const response = await live()(`${origin}/redirect-other`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${other}/v1beta/models/x:generateContent`);
  });
});

it('names the origin when the fetch has no provider name', async () => {
  const error: unknown = await createLiveFetch({ retries: 0 })(`${origin}/redirect-other`).catch(
    (e: unknown) => e,
  );
  expect((error as Error).message).toMatch(new RegExp(`^${origin} redirected to ${other}: not followed`));
});
