import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { noteArrivals } from '../body-clock.ts';
import { performanceToMonotonicOffset } from '../monotonic-clock.ts';
import { createStampLog } from './stamp-log.ts';

const TARGET_HEADER = 'x-llmcompat-relay-target';
const LOG_HEADER = 'x-llmcompat-relay-log';
const ERROR_HEADER = 'x-llmcompat-relay-error';
const TOKEN_HEADER = 'x-llmcompat-relay-token';

/**
 * A relay on its own thread between the harness and the provider, taking the arrival time of every response byte
 * there. On the harness's thread, stamps wait for whatever runs when the bytes arrive (the SDK's parsing, the
 * garbage collector: several ms at a time under load); the relay's thread has nothing else to do.
 */
export interface StampingRelay {
  /** Where the relay listens (127.0.0.1). */
  readonly url: string;
  /**
   * A fetch that sends through the relay and, inside the wire tap, has the relay's stamps time the response. To
   * its caller it behaves as `baseFetch` to the original URL: same status, headers and bytes; an unreachable
   * origin rejects with `TypeError('fetch failed')` whose cause carries the error code, as undici's does.
   */
  wrap(baseFetch?: typeof fetch): typeof fetch;
  close(): Promise<void>;
}

function urlOf(input: RequestInfo | URL): URL {
  if (input instanceof Request) return new URL(input.url);
  return input instanceof URL ? input : new URL(input);
}

/**
 * Entry by entry: in the live-mode tests (nock intercepting fetch), `new Headers(headers)` kept only one of the
 * Mistral SDK's request headers, while iterating them yields them all.
 */
function copyHeaders(source: HeadersInit | undefined): Headers {
  const headers = new Headers();
  if (source === undefined) return headers;
  const entries = Array.isArray(source) || source instanceof Headers ? source : Object.entries(source);
  for (const [name, value] of entries as Iterable<[string, string]>) headers.append(name, value);
  return headers;
}

async function relayError(response: Response, code: string): Promise<TypeError> {
  const body: unknown = await response.json().catch(() => undefined);
  const message =
    typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : `the relay could not reach the origin (${code})`;
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

export async function startStampingRelay(): Promise<StampingRelay> {
  const token = randomBytes(16).toString('hex');
  const worker = new Worker(new URL('./stamping-relay-worker.mjs', import.meta.url), {
    workerData: { clockOffsetMs: performanceToMonotonicOffset(), token },
    // Plain JavaScript on Node's built-ins needs no flags, and some of the caller's would break it (--input-type).
    execArgv: [],
  });
  const [message] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => {
      throw new Error(`the stamping relay did not start: ${error instanceof Error ? error.message : error}`);
    }),
  ])) as [{ type?: unknown; port?: unknown }];
  if (message.type !== 'listening' || typeof message.port !== 'number') {
    await worker.terminate();
    throw new Error('the stamping relay did not start: unexpected first message');
  }
  // Requests in flight hold the process open; the relay alone does not.
  worker.unref();
  const url = `http://127.0.0.1:${message.port}`;
  let nextId = 0;

  return {
    url,
    wrap(baseFetch) {
      return (async (input: RequestInfo | URL, init?: RequestInit) => {
        const send = baseFetch ?? globalThis.fetch;
        const target = urlOf(input);
        if (target.protocol !== 'http:' && target.protocol !== 'https:') return send(input, init);
        const id = String(++nextId);
        const log = createStampLog();
        worker.postMessage({ type: 'log', id, log: log.buffer });
        const relayedUrl = `${url}${target.pathname}${target.search}`;
        const relayed = input instanceof Request ? new Request(relayedUrl, input) : relayedUrl;
        const headers = copyHeaders(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        headers.set(TARGET_HEADER, target.origin);
        headers.set(LOG_HEADER, id);
        headers.set(TOKEN_HEADER, token);
        noteArrivals(log);
        let response: Response;
        try {
          response = await send(relayed, { ...init, headers });
        } catch (error) {
          worker.postMessage({ type: 'drop', id });
          throw error;
        }
        const code = response.headers.get(ERROR_HEADER);
        if (code !== null) throw await relayError(response, code);
        return response;
      }) as typeof fetch;
    },
    async close() {
      await worker.terminate();
    },
  };
}
