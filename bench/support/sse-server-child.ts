// Runs in a child process, so the server's writes never wait on the measured client's event loop.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monotonicMs } from '../../src/wire/monotonic-clock.ts';
import { contentEvent, finishEvents } from './openai-sse.ts';
import type { ServerConfig } from './server-config.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as ServerConfig;

const HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_bench' };

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // The request body is not needed: any prompt gets the same answer.
  }
}

function paced(res: ServerResponse, firstByteMs: number, chunkGapMs: number, tokens: number): void {
  let index = 0;
  const next = () => {
    if (res.destroyed) return;
    if (index === 0) res.writeHead(200, HEADERS);
    res.write(contentEvent(index, monotonicMs()));
    index++;
    if (index < tokens) setTimeout(next, chunkGapMs);
    else setTimeout(() => res.end(finishEvents()), chunkGapMs);
  };
  setTimeout(next, firstByteMs);
}

let bulkBody: Buffer | undefined;

function bulk(res: ServerResponse, chunks: number): void {
  if (!bulkBody) {
    const parts: string[] = [];
    for (let i = 0; i < chunks - 1; i++) parts.push(contentEvent(i));
    parts.push(finishEvents());
    bulkBody = Buffer.from(parts.join(''));
  }
  res.writeHead(200, HEADERS);
  res.end(bulkBody);
}

const server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (req, res) => {
  void drain(req).then(() => {
    if (config.kind === 'paced') paced(res, config.firstByteMs, config.chunkGapMs, config.tokens);
    else bulk(res, config.chunks);
  });
});

process.on('message', (message: unknown) => {
  if (message === 'clock') process.send?.({ type: 'clock', at: monotonicMs() });
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});

server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
