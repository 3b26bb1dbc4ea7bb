// The stamping relay's thread: an HTTP relay on 127.0.0.1 that forwards each request to its real origin and notes,
// in a buffer the caller shares, when each piece of the response body came off the upstream socket. This thread does
// nothing else, so its stamps do not wait on the caller's garbage collector or SDK work. Plain JavaScript on purpose:
// a thread that loads no TypeScript keeps the type stripper out of its heap, and its collector pauses short.
//
// Log layout (stamp-log.ts reads it): Int32 [count, flags, status, 0], then Float64 [headersAt, completeAt,
// end₀, at₀, end₁, at₁, …]: running byte total and arrival time of each body piece, on the caller's
// performance.now() clock. `count` is stored last, so the caller never reads a half-written entry.

import { createServer, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';

const HEADER_BYTES = 16;
const FLAG_HEADERS = 1;
const FLAG_COMPLETE = 2;
const FLAG_OVERFLOW = 4;
const TARGET_HEADER = 'x-llmcompat-relay-target';
const LOG_HEADER = 'x-llmcompat-relay-log';
const ERROR_HEADER = 'x-llmcompat-relay-error';
const TOKEN_HEADER = 'x-llmcompat-relay-token';
const LOG_WAIT_MS = 1000;
// Hop-by-hop headers belong to one connection, not to the message.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  TARGET_HEADER,
  LOG_HEADER,
  TOKEN_HEADER,
]);

/** performance.now() of the caller's thread = monotonic ms − this offset (monotonic-clock.ts). */
const clockOffsetMs = Number(workerData.clockOffsetMs);
/** Only the process that started the relay knows it: the relay is no open proxy for other local programs. */
const token = String(workerData.token);
const now = () => Number(process.hrtime.bigint()) / 1e6 - clockOffsetMs;

/** @type {Record<string, HttpAgent>} */
const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @type {Map<string, SharedArrayBuffer>} */
const logs = new Map();
/** @type {Map<string, (log: SharedArrayBuffer) => void>} */
const waiting = new Map();

port.on('message', (message) => {
  if (message.type === 'log') {
    const resolve = waiting.get(message.id);
    if (resolve) {
      waiting.delete(message.id);
      resolve(message.log);
    } else logs.set(message.id, message.log);
  } else if (message.type === 'drop') {
    logs.delete(message.id);
  }
});

/**
 * The caller posts the log before it sends the request, but the two travel different ways. A request whose log does
 * not come (a redirect back to the relay repeats a used one) goes untimed rather than waiting: the caller's clock
 * then finds no stamps and keeps its own time.
 * @param {string} id
 * @returns {Promise<SharedArrayBuffer | undefined>}
 */
function logFor(id) {
  const log = logs.get(id);
  if (log) {
    logs.delete(id);
    return Promise.resolve(log);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(undefined);
    }, LOG_WAIT_MS);
    waiting.set(id, (arrived) => {
      clearTimeout(timer);
      resolve(arrived);
    });
  });
}

/** @param {SharedArrayBuffer} log */
function createWriter(log) {
  const ints = new Int32Array(log, 0, 4);
  let floats = new Float64Array(log, HEADER_BYTES);
  let count = 0;
  let total = 0;
  /** @param {number} bit */
  const flag = (bit) => Atomics.or(ints, 1, bit);
  return {
    /** @param {number} status */
    headers(status) {
      floats[0] = now();
      ints[2] = status;
      flag(FLAG_HEADERS);
    },
    /** @param {number} byteLength @param {number} at */
    piece(byteLength, at) {
      total += byteLength;
      let index = 2 + 2 * count;
      if (index + 2 > floats.length) {
        const wanted = Math.min(log.maxByteLength, log.byteLength * 2);
        if (wanted <= log.byteLength) {
          flag(FLAG_OVERFLOW);
          return;
        }
        log.grow(wanted);
        floats = new Float64Array(log, HEADER_BYTES);
        index = 2 + 2 * count;
      }
      floats[index] = total;
      floats[index + 1] = at;
      count++;
      Atomics.store(ints, 0, count);
    },
    complete() {
      floats[1] = now();
      flag(FLAG_COMPLETE);
    },
  };
}

// An object, not raw pairs: node:http reads content-length only from an object, and would add chunked framing.
/** @param {import('node:http').IncomingHttpHeaders} headers */
function forwardedHeaders(headers) {
  /** @type {import('node:http').OutgoingHttpHeaders} */
  const forwarded = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) forwarded[name] = value;
  }
  return forwarded;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} error
 */
function fail(res, error) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'ERELAY';
  const message = error instanceof Error ? error.message : String(error);
  res.writeHead(502, { 'content-type': 'application/json', [ERROR_HEADER]: code });
  res.end(JSON.stringify({ code, message }));
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function relay(req, res) {
  if (req.headers[TOKEN_HEADER] !== token) {
    res
      .writeHead(403, { 'content-type': 'text/plain' })
      .end('not a request of the process that runs this relay');
    return;
  }
  const target = req.headers[TARGET_HEADER];
  const id = req.headers[LOG_HEADER];
  let url;
  try {
    url = new URL(req.url ?? '/', typeof target === 'string' ? target : undefined);
  } catch {
    fail(res, Object.assign(new Error(`no valid ${TARGET_HEADER} header`), { code: 'ERELAY_TARGET' }));
    return;
  }
  const agent = agents[url.protocol];
  if (!agent) {
    fail(res, Object.assign(new Error(`cannot relay ${url.protocol} URLs`), { code: 'ERELAY_TARGET' }));
    return;
  }
  const log = typeof id === 'string' ? await logFor(id) : undefined;
  const writer = log && createWriter(log);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    url,
    { method: req.method, headers: forwardedHeaders(req.headers), agent },
    (upRes) => {
      writer?.headers(upRes.statusCode ?? 0);
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, forwardedHeaders(upRes.headers));
      // Body bytes that came in with the head go out with it, after their stamp; a head alone goes out at once.
      setImmediate(() => res.flushHeaders());
      // A caller that reads slower than the origin sends holds the origin back (TCP does the waiting), rather than
      // this thread holding everything the origin sent: stamps then say when the relay could take the bytes.
      res.on('drain', () => upRes.resume());
      upRes.on('data', (chunk) => {
        writer?.piece(chunk.byteLength, now());
        if (!res.write(chunk)) upRes.pause();
      });
      upRes.on('end', () => {
        writer?.complete();
        res.end();
      });
      upRes.on('error', () => res.destroy());
    },
  );
  upstream.setNoDelay(true);
  upstream.on('error', (error) => fail(res, error));
  // No request asks for a 100 Continue; undici's fetch refuses one that comes anyway, so the relay does as well:
  // one classification whichever clock times the request.
  upstream.on('continue', () => {
    upstream.destroy(
      Object.assign(new Error('bad response: an unsolicited 100 Continue'), { code: 'UND_ERR_BAD_RESPONSE' }),
    );
  });
  // The caller gave up (aborted, timed out): so does the relay.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

const server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (req, res) => {
  relay(req, res).catch((error) => fail(res, error));
});

server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  port.postMessage({ type: 'listening', port: address.port });
});
