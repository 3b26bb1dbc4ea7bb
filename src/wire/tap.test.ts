import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../catalog/providers.ts';
import { classifyError } from '../checks/classify-error.ts';
import { loadFixture } from '../fixtures/load-fixture.ts';
import { createReplayServer, type ReplayServer } from '../fixtures/replay.ts';
import { requestMetrics } from '../latency/request-metrics.ts';
import { MAX_JOINED_BYTES } from './chunk-records.ts';
import { ResponseTooLargeError } from './limit-response-size.ts';
import { createWireTap, type TappedChunk } from './tap.ts';
import { createTapMemory } from './tap-memory.ts';

const encoder = new TextEncoder();

/** A fetch answering every request with a body of `pieces`, each its own read, made as they are asked for. */
function fetchOf(pieces: () => Iterator<Uint8Array>): typeof fetch {
  return (async () => {
    const source = pieces();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
}

function* repeated(text: string, times: number): Generator<Uint8Array> {
  const bytes = encoder.encode(text);
  for (let i = 0; i < times; i++) yield bytes;
}

async function readText(response: Response): Promise<{ text: string; error?: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) return { text: text + decoder.decode() };
      text += decoder.decode(read.value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

const joined = (chunks: readonly TappedChunk[]) => chunks.map((chunk) => chunk.text).join('');

describe('createWireTap: memory per exchange', () => {
  it('keeps a flood of 2-byte reads as a few records, the whole text and the first arrival time kept', async () => {
    const reads = 100_000;
    const tap = createWireTap(fetchOf(() => repeated(':\n', reads)));
    const response = await tap.fetch('http://tap.test/flood');
    const { text } = await readText(response);
    await tap.settled();
    const exchange = tap.exchanges[0]!;
    expect(text).toBe(':\n'.repeat(reads));
    expect(joined(exchange.chunks)).toBe(text);
    expect(exchange.complete).toBe(true);
    // A record holds up to 64 KB of joined reads: 200 KB needs at least 4, and far fewer than one per read.
    expect(exchange.chunks.length).toBeGreaterThanOrEqual(Math.ceil((2 * reads) / MAX_JOINED_BYTES));
    expect(exchange.chunks.length).toBeLessThan(reads / 100);
    for (const chunk of exchange.chunks) expect(chunk.text.length).toBeLessThanOrEqual(MAX_JOINED_BYTES);
    // Times never run backwards, and none is before the request was sent.
    const times = exchange.chunks.map((chunk) => chunk.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(0);
  });

  it('gives the consumer every byte in order, when it reads only after the tap has taken the whole body', async () => {
    const pieces = function* () {
      for (let i = 0; i < 5000; i++) yield encoder.encode(`${i % 7 === 0 ? 'x'.repeat(5000) : ''}${i};`);
    };
    const tap = createWireTap(fetchOf(pieces));
    const response = await tap.fetch('http://tap.test/late');
    await tap.settled();
    const expected = [...pieces()].map((bytes) => new TextDecoder().decode(bytes)).join('');
    expect(joined(tap.exchanges[0]!.chunks)).toBe(expected);
    expect((await readText(response)).text).toBe(expected);
  });

  it('stops a body in more pieces than its chunk cap, naming the cap, classified oversized', async () => {
    // 20-byte pieces are not tiny: each is its own record.
    const tap = createWireTap(
      fetchOf(() => repeated('data: {"a": 12345}\n\n', 10_000)),
      { maxChunks: 100 },
    );
    const response = await tap.fetch('http://tap.test/pieces');
    const { error } = await readText(response);
    await tap.settled();
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(
      /^response too large: 101 chunks arrived, past the cap of 100 chunks the wire tap keeps per response/,
    );
    const exchange = tap.exchanges[0]!;
    expect(exchange.chunks).toHaveLength(100);
    expect(exchange.complete).toBe(false);
    expect(exchange.transportError).toContain('past the cap of 100 chunks');
    expect(classifyError(error, exchange).kind).toBe('oversized');
  });

  it('past the shared memory budget stops the exchange holding the most, and lets the others finish', async () => {
    const memory = createTapMemory(300 * 1024);
    // The small body sends 10 KB, then waits until the big one has been dealt with: both are in flight meanwhile.
    const gate = Promise.withResolvers<void>();
    const smallFetch = (async () => {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === 10) {
            await gate.promise;
            controller.close();
            return;
          }
          sent++;
          controller.enqueue(encoder.encode('s'.repeat(1024)));
        },
      });
      return new Response(body);
    }) as unknown as typeof fetch;
    const small = createWireTap(smallFetch, { memory });
    const big = createWireTap(
      fetchOf(() => repeated('b'.repeat(1024), 1000)),
      { memory },
    );
    const smallRead = readText(await small.fetch('http://tap.test/small'));
    const bigRead = await readText(await big.fetch('http://tap.test/big'));
    gate.resolve();
    await Promise.all([big.settled(), small.settled()]);
    expect(bigRead.error).toBeInstanceOf(ResponseTooLargeError);
    expect((bigRead.error as Error).message).toMatch(
      /^response too large: this response held [\d.]+ KB in the wire tap, the 2 responses being read together [\d.]+ KB, past the 300 KB the wire tap may hold for all responses at once; reading stopped there, at the largest\. Fewer requests at once \(a lower concurrency\)/,
    );
    expect(classifyError(bigRead.error, big.exchanges[0]).kind).toBe('oversized');
    expect(await smallRead).toEqual({ text: 's'.repeat(10 * 1024) });
    expect(small.exchanges[0]!.complete).toBe(true);
    expect(memory.used).toBe(0);
  });

  it('never stops an exchange alone for the budget: its own caps bound it', async () => {
    const memory = createTapMemory(64 * 1024);
    const tap = createWireTap(
      fetchOf(() => repeated('a'.repeat(1024), 1000)),
      { memory },
    );
    const { text, error } = await readText(await tap.fetch('http://tap.test/alone'));
    await tap.settled();
    expect(error).toBeUndefined();
    expect(text).toHaveLength(1024 * 1000);
    expect(memory.used).toBe(0);
  });
});

describe('createWireTap: a consumer that cancels', () => {
  it('at its last event: the end that was on its way is still on record, the body complete', async () => {
    const tap = createWireTap(
      fetchOf(() => ['data: a\n\n', 'data: [DONE]\n\n'].map((t) => encoder.encode(t)).values()),
    );
    const reader = (await tap.fetch('http://tap.test/done')).body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('[DONE]')) text += decoder.decode((await reader.read()).value, { stream: true });
    await reader.cancel();
    await tap.settled();
    expect(tap.exchanges[0]!.complete).toBe(true);
    expect(joined(tap.exchanges[0]!.chunks)).toBe('data: a\n\ndata: [DONE]\n\n');
  });

  it('mid-stream of a body without end: the tap lets go of the source soon after, the body not complete', async () => {
    let cancelled = false;
    const endless = (async () => {
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setImmediate(resolve));
          controller.enqueue(encoder.encode('data: {"more": true}\n\n'));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body);
    }) as unknown as typeof fetch;
    const tap = createWireTap(endless);
    const reader = (await tap.fetch('http://tap.test/endless')).body!.getReader();
    await reader.read();
    await reader.cancel();
    await tap.settled();
    expect(cancelled).toBe(true);
    expect(tap.exchanges[0]!.complete).toBe(false);
    expect(tap.exchanges[0]!.chunks.length).toBeGreaterThan(0);
  });
});

describe('createWireTap: a normal stream is recorded read by read', () => {
  const shipped = resolve(import.meta.dirname, '..', '..', 'fixtures');
  let replay: ReplayServer;
  beforeAll(() => {
    replay = createReplayServer();
  });
  afterAll(async () => {
    await replay.close();
  });

  /** Below the tap: every read of the body as the tap asks for it, with the moment (performance.now()) it came. */
  function observed(reads: TappedChunk[]): typeof fetch {
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const read = await reader.read();
            if (read.done) {
              controller.close();
              return;
            }
            // Nothing arrived in an empty read: the tap records none.
            if (read.value.byteLength > 0) {
              reads.push({ t: performance.now(), text: decoder.decode(read.value, { stream: true }) });
            }
            controller.enqueue(read.value);
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { status: response.status, headers: response.headers });
    }) as typeof fetch;
  }

  it.each([
    ['openai', 'stream.text'],
    ['anthropic', 'stream.text'],
    ['openrouter', 'stream.usage'],
    ['ollama', 'stream.text'],
    ['google', 'tools.stream'],
  ])(
    '%s/%s: one record per read, the same texts, the first chunk at its own read',
    async (provider, scenario) => {
      const fixture = await loadFixture(shipped, provider, scenario);
      replay.serve(fixture);
      const reads: TappedChunk[] = [];
      const tap = createWireTap(observed(reads));
      const { request } = fixture.exchanges[0]!;
      const beforeSend = performance.now();
      const response = await tap.fetch(request.url, {
        method: request.method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
      });
      await readText(response);
      await tap.settled();
      const exchange = tap.exchanges[0]!;
      expect(exchange.chunks.map((chunk) => chunk.text)).toEqual(reads.map((read) => read.text));
      expect(joined(exchange.chunks)).toBe(joined(fixture.exchanges[0]!.response.chunks));
      // The first record is timed by the tap as it took the first read: not before that read came, not after the
      // next one (the tap sent the request after beforeSend; its times count from the send).
      const [first, second] = reads;
      const firstAt = exchange.chunks[0]!.t;
      expect(beforeSend + firstAt).toBeLessThanOrEqual(second?.t ?? performance.now());
      expect(firstAt).toBeGreaterThanOrEqual(0);
      expect(first!.t).toBeLessThanOrEqual(performance.now());
      // The latency figures read the same chunks: the same content chunks, in the same places.
      const protocol = PROVIDERS.find((p) => p.id === provider)!.protocol;
      const fromTap = requestMetrics(exchange, protocol, true);
      const fromReads = requestMetrics({ ...exchange, chunks: reads }, protocol, true);
      expect(fromTap.contentChunks).toBe(fromReads.contentChunks);
      expect(fromTap.contentChars).toBe(fromReads.contentChars);
      expect(fromTap.outputTokens).toBe(fromReads.outputTokens);
    },
  );
});
