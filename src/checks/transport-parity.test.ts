import { createServer, type Server } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveFetch } from '../runner/live-fetch.ts';
import { type StampingRelay, startStampingRelay } from '../wire/relay/stamping-relay.ts';
import { createWireTap } from '../wire/tap.ts';
import { classifyError } from './classify-error.ts';

// One classification of what went wrong on the wire, whichever clock times the request: Node's own fetch (run,
// record, `bench --clock local`) or the stamping relay (live `bench`). A raw TCP server on 127.0.0.1 answers each
// path with bytes no well-behaved server sends.
const ANSWERS: Record<string, Buffer> = {
  'unsolicited-continue': Buffer.from(
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}',
  ),
  'not-gzip': Buffer.from(
    'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: 10\r\n\r\nnot gzip!!',
  ),
  'redirect-loop': Buffer.from(
    'HTTP/1.1 307 Temporary Redirect\r\nlocation: /redirect-loop\r\ncontent-length: 0\r\n\r\n',
  ),
  'early-hints': Buffer.concat([
    Buffer.from('HTTP/1.1 103 Early Hints\r\nlink: </style.css>\r\n\r\n'),
    Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n'),
    Buffer.from(`content-length: ${gzipSync('{"ok":true}').length}\r\n\r\n`),
    gzipSync('{"ok":true}'),
  ]),
};

let server: Server;
let relay: StampingRelay;
let base = '';

beforeAll(async () => {
  server = createServer((socket) => {
    socket.on('data', (data) => {
      const path = /^\w+ \/(\S*)/.exec(data.toString())?.[1] ?? '';
      socket.end(ANSWERS[path] ?? Buffer.from('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  relay = await startStampingRelay();
});

afterAll(async () => {
  await relay.close();
  await new Promise((done) => server.close(done));
});

async function outcome(path: string, via: typeof fetch): Promise<string> {
  const tap = createWireTap(createLiveFetch({ retries: 0, fetch: via }));
  try {
    const response = await tap.fetch(`${base}/${path}`, { method: 'POST', body: '{}' });
    return `${response.status} ${await response.text()}`;
  } catch (error) {
    return classifyError(error, tap.exchanges[0]).kind;
  }
}

describe('transport faults, through Node’s fetch and through the stamping relay', () => {
  it.each([
    ['unsolicited-continue', 'network'],
    ['not-gzip', 'network'],
    ['redirect-loop', 'network'],
    ['early-hints', '200 {"ok":true}'],
  ])('%s: %s either way', async (path, expected) => {
    expect(await outcome(path, globalThis.fetch)).toBe(expected);
    expect(await outcome(path, relay.wrap())).toBe(expected);
  });

  it('names an undecodable body for what it is, not a dropped connection', async () => {
    const tap = createWireTap(createLiveFetch({ retries: 0 }));
    let caught: unknown;
    try {
      await (await tap.fetch(`${base}/not-gzip`, { method: 'POST', body: '{}' })).text();
    } catch (error) {
      caught = error;
    }
    expect(classifyError(caught, tap.exchanges[0]).message).toContain('is sent as gzip but does not decode');
  });
});
