import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isHopByHopHeader } from '../fixtures/response-plan.ts';

/** One request the gateway handed to the harness's fetch, as the wire tap records it. */
export interface ForwardedRequest {
  method: string;
  url: string;
  body?: string;
}

export interface GatewayRouteOptions {
  /** The case's fetch: the wire tap over replay (recorded mode) or over the live fetch. */
  fetch: typeof fetch;
  /** The provider's base URL: where the route's requests really go. */
  baseUrl: string;
  /** Ends the route's requests in flight (the case was aborted). */
  signal?: AbortSignal;
}

export interface GatewayRoute {
  /** The base URL to give the client: the gateway's, with the provider base URL's path. */
  baseUrl: string;
  /** Every request forwarded through this route, in arrival order. */
  readonly forwarded: ForwardedRequest[];
  /** No new request is accepted on the route; those in flight go on. */
  close(): void;
}

export interface Gateway {
  /** `http://127.0.0.1:<port>` */
  url: string;
  open(options: GatewayRouteOptions): GatewayRoute;
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection, not to the request; `content-length` is recomputed by the fetch.
const REQUEST_HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function requestHeaders(req: IncomingMessage): Headers {
  const named = new Set(
    String(req.headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase()),
  );
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (!REQUEST_HOP_HEADERS.has(name) && !named.has(name)) headers.append(name, raw[i + 1] as string);
  }
  return headers;
}

function responseHeaders(response: Response): [string, string][] {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    // The fetch hands over the body decoded and the gateway frames it afresh (chunked), as a replay does.
    if (!isHopByHopHeader(name) && name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  return headers;
}

function notFound(res: ServerResponse, path: string): void {
  const message =
    `llmcompat gateway: no open call answers ${path}. Send each call's requests to the baseUrl of that call, ` +
    'before answering it.';
  res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message } }));
}

interface Route extends GatewayRouteOptions {
  origin: string;
  forwarded: ForwardedRequest[];
}

/** Writes a chunk, waiting for the socket to drain when it asks to; false once the client has gone. */
function write(res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolveWrite) => {
    const done = (ok: boolean) => {
      res.off('drain', drained);
      res.off('close', closed);
      resolveWrite(ok);
    };
    const drained = () => done(true);
    const closed = () => done(false);
    res.once('drain', drained);
    res.once('close', closed);
  });
}

/**
 * Sends one request on through the route's fetch and streams the answer back byte for byte. A fetch that fails before
 * any answer (a timeout, a reset, a request replay does not hold) closes the client's connection without a response,
 * as the provider's failure would; a body that fails midway cuts the client's body off there. When the client
 * stops reading early, the rest of the body is still read, so that the wire tap keeps the whole answer.
 */
async function forward(route: Route, rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  // Joined as text, not resolved: a path such as `//elsewhere.example/x` must stay on the provider's origin.
  const url = new URL(`${route.origin}${rest}`).href;
  const forwarded: ForwardedRequest = { method, url };
  if (body !== undefined) forwarded.body = body.toString('utf8');
  route.forwarded.push(forwarded);
  let response: Response;
  try {
    const init: RequestInit = { method, headers: requestHeaders(req) };
    if (body !== undefined) init.body = new Uint8Array(body);
    if (route.signal) init.signal = route.signal;
    response = await route.fetch(url, init);
  } catch {
    res.destroy();
    return;
  }
  res.writeHead(response.status, response.statusText, responseHeaders(response));
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  let reading = true;
  try {
    for await (const chunk of response.body) {
      if (reading) reading = await write(res, chunk);
    }
  } catch {
    res.destroy();
    return;
  }
  res.end();
}

/**
 * The base URL an external client is given: an HTTP server on 127.0.0.1 whose routes (`/<token>/…`, one per call)
 * forward each request to the provider's base URL through the case's fetch. So every byte the client exchanges
 * passes through the harness's wire tap and its replay or live fetch, whatever language the client is written in.
 */
export async function startGateway(): Promise<Gateway> {
  const routes = new Map<string, Route>();
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (req, res) => {
    const path = req.url ?? '/';
    const token = /^\/([^/?#]+)/.exec(path)?.[1] ?? '';
    const route = routes.get(token);
    if (!route) {
      req.resume();
      notFound(res, path);
      return;
    }
    forward(route, path.slice(token.length + 1) || '/', req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    open(options) {
      const token = randomBytes(9).toString('base64url');
      const target = new URL(options.baseUrl);
      const route: Route = { ...options, origin: target.origin, forwarded: [] };
      routes.set(token, route);
      return {
        baseUrl: `${url}/${token}${target.pathname.replace(/\/+$/, '')}`,
        forwarded: route.forwarded,
        close: () => routes.delete(token),
      };
    },
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
