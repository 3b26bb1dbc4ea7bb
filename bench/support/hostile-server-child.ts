// Runs in a child process (so its buffers never count against the process measured): answers every request with a
// stream that never ends, written as fast as the client takes it. `tiny`: 2-byte SSE comment lines (`:\n`), each
// its own write and so its own chunk on the wire; `endless`: ordinary OpenAI content events.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentEvent } from './openai-sse.ts';

export type HostileShape = 'tiny' | 'endless';

const shape = process.argv[2] as HostileShape;
const HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_hostile' };
// Writes before the loop yields to the socket: each stays its own HTTP chunk however many are queued.
const BURST = 256;

function waitForRoom(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (room: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(room);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

async function flood(res: ServerResponse): Promise<void> {
  res.writeHead(200, HEADERS);
  res.flushHeaders();
  for (let index = 0; !res.destroyed; ) {
    let room = true;
    for (let i = 0; i < BURST && room; i++, index++) {
      room = res.write(shape === 'tiny' ? ':\n' : contentEvent(index));
    }
    if (!room && !(await waitForRoom(res))) return;
    if (room) await new Promise((resolve) => setImmediate(resolve));
  }
}

const server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => void flood(res));
  res.on('error', () => {});
});

process.on('disconnect', () => process.exit(0));
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
