import * as diagnosticsChannel from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArrivalSource } from './body-clock.ts';
import {
  createSocketClock,
  type DiagnosticsChannels,
  type SocketClock,
  UNDICI_CHANNELS,
} from './socket-clock.ts';
import { checkSocketClock, judgeArrivals, type ObservedBody } from './socket-clock-check.ts';
import { undiciPublishesBodyChunks } from './test-support/undici-body-chunk-events.ts';

/** Asked of the channel itself: undici 7 (Node 24) publishes body chunk events, undici 6 (Node 22) does not. */
const publishes = await undiciPublishesBodyChunks();

const clocks: SocketClock[] = [];
afterEach(() => {
  for (const clock of clocks.splice(0)) clock.close();
});

/** Node's channels with each message passed through `alter`: dropped (undefined), changed, or as it is. */
function misbehaving(alter: (name: string, message: unknown) => unknown): DiagnosticsChannels {
  const wrapped = new Map<(message: unknown) => void, (message: unknown) => void>();
  return {
    subscribe(name, onMessage) {
      const listener = (message: unknown) => {
        const altered = alter(name, message);
        if (altered !== undefined) onMessage(altered);
      };
      wrapped.set(onMessage, listener);
      diagnosticsChannel.subscribe(name, listener);
    },
    unsubscribe(name, onMessage) {
      const listener = wrapped.get(onMessage);
      if (listener) diagnosticsChannel.unsubscribe(name, listener);
    },
  };
}

async function check(channels?: DiagnosticsChannels) {
  const clock = createSocketClock(channels);
  clocks.push(clock);
  return checkSocketClock(clock);
}

describe('checkSocketClock against its own loopback server', () => {
  it("passes where this Node's undici publishes body chunk events, however it groups them; else names them", async () => {
    const result = await check();
    if (publishes) expect(result).toEqual({ ok: true });
    else
      expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^no body chunk event came/) });
  });

  it('fails a channel that delivers nothing', async () => {
    const result = await check(misbehaving(() => undefined));
    expect(result).toEqual({ ok: false, reason: 'no headers event came for the response (loopback /gaps)' });
  });

  it('fails a channel that delivers no body chunks', async () => {
    const result = await check(
      misbehaving((name, m) => (name === UNDICI_CHANNELS.bodyChunk ? undefined : m)),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^no body chunk event came for a body/),
    });
  });

  it('fails a channel that reports another status', async () => {
    const result = await check(
      misbehaving((name, message) =>
        name === UNDICI_CHANNELS.headers
          ? { ...(message as object), response: { statusCode: 204 } }
          : message,
      ),
    );
    expect(result).toEqual({
      ok: false,
      reason: 'the headers event gave status 204, the response 200 (loopback /gaps)',
    });
  });
});

describe.runIf(publishes)('checkSocketClock, where undici publishes body chunk events', () => {
  it('fails a channel whose chunks do not add up to the body', async () => {
    const result = await check(
      misbehaving((name, message) => {
        if (name !== UNDICI_CHANNELS.bodyChunk) return message;
        const { chunk } = message as { chunk: Uint8Array };
        return { ...(message as object), chunk: new Uint8Array(chunk.byteLength + 1) };
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the body chunk events add up to \d+ bytes, the reader got \d+/),
    });
  });

  it('fails a channel that never marks the end of a body', async () => {
    const result = await check(misbehaving((name, m) => (name === UNDICI_CHANNELS.trailers ? undefined : m)));
    expect(result).toEqual({ ok: false, reason: 'no event marked the end of the body (loopback /gaps)' });
  });
});

function arrivals(ends: number[], at: number[], completeAt: number | undefined = 100): ArrivalSource {
  return {
    count: () => ends.length,
    end: (i) => ends[i] as number,
    at: (i) => at[i] as number,
    completeAt: () => completeAt,
  };
}

function body(overrides: Partial<ObservedBody>): ObservedBody {
  return {
    status: 200,
    headersAt: 1,
    arrivals: arrivals([10, 20], [5, 15]),
    expectedStatus: 200,
    resolvedAt: 2,
    reads: [
      { end: 10, at: 6 },
      { end: 20, at: 16 },
    ],
    doneAt: 200,
    ...overrides,
  };
}

describe('judgeArrivals', () => {
  it('accepts events that line up with the reads, one read per event or several events per read', () => {
    expect(judgeArrivals(body({}))).toBeUndefined();
    expect(judgeArrivals(body({ reads: [{ end: 20, at: 16 }] }))).toBeUndefined();
  });

  it('refuses a stamp later than the read that brought its bytes', () => {
    expect(judgeArrivals(body({ arrivals: arrivals([10, 20], [5, 17]) }))).toBe(
      'a chunk was stamped 1.00 ms after the read that brought it',
    );
  });

  it('refuses stamps out of order, or before the headers', () => {
    expect(judgeArrivals(body({ arrivals: arrivals([10, 20], [5, 4]) }))).toBe(
      'body chunk event 2 was stamped before the one it follows',
    );
    expect(judgeArrivals(body({ arrivals: arrivals([10, 20], [0.5, 15]) }))).toBe(
      'body chunk event 1 was stamped before the one it follows',
    );
  });

  it('refuses a read that ends inside an event, and an event that brought no bytes', () => {
    expect(judgeArrivals(body({ arrivals: arrivals([20], [5]) }))).toBe(
      'a read ended at byte 10, inside a body chunk event',
    );
    expect(judgeArrivals(body({ arrivals: arrivals([10, 10, 20], [5, 5, 15]) }))).toBe(
      'body chunk event 2 brought no bytes',
    );
  });

  it('refuses headers stamped after fetch resolved, and an end stamped after the reader reached it', () => {
    expect(judgeArrivals(body({ headersAt: 3 }))).toBe('the headers were stamped after fetch had resolved');
    expect(judgeArrivals(body({ arrivals: arrivals([10, 20], [5, 15], 300) }))).toBe(
      'the end of the body was stamped after the reader had reached it',
    );
  });
});
