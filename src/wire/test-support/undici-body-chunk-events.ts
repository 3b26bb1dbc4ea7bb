// For tests of the socket clock: whether this Node's undici publishes the body chunk events the clock reads at all.
// undici 7 (Node 24) does; undici 6 (Node 22) has no `undici:request:bodyChunkReceived` channel, and there the
// socket clock's self-check fails and bench falls back to the tap clock. Asked directly of the channel, not of the
// clock under test.

import * as diagnosticsChannel from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UNDICI_CHANNELS } from '../socket-clock.ts';

export async function undiciPublishesBodyChunks(): Promise<boolean> {
  const server = createServer((_req, res) => res.end('probe'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let events = 0;
  const count = () => {
    events++;
  };
  diagnosticsChannel.subscribe(UNDICI_CHANNELS.bodyChunk, count);
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await response.text();
  } finally {
    diagnosticsChannel.unsubscribe(UNDICI_CHANNELS.bodyChunk, count);
    server.closeAllConnections();
    server.close();
  }
  return events > 0;
}
