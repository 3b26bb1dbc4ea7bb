import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  limitResponseSize,
  ResponseTooLargeError,
  withResponseSizeLimit,
} from './limit-response-size.ts';

/** A body of `chunks` chunks of `size` bytes, made as they are read; counts how many were pulled. */
function lazyBody(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(size).fill(120);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) controller.close();
      else {
        state.pulled++;
        controller.enqueue(chunk);
      }
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

describe('limitResponseSize', () => {
  it('passes a body under the cap through untouched', async () => {
    const limited = limitResponseSize(new Response('hello', { status: 201, headers: { 'x-a': 'b' } }), 5);
    expect(limited.status).toBe(201);
    expect(limited.headers.get('x-a')).toBe('b');
    expect(await limited.text()).toBe('hello');
  });

  it('errors the body past the cap with an error naming the cap, reading no further and cancelling the source', async () => {
    const { body, state } = lazyBody(1000, 1024);
    const limited = limitResponseSize(new Response(body), 10 * 1024);
    const reader = limited.body!.getReader();
    let received = 0;
    let error: unknown;
    try {
      for (;;) {
        const read = await reader.read();
        if (read.done) break;
        received += read.value.byteLength;
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toContain('past the 10 KB cap (maxResponseBytes 10240)');
    expect(received).toBe(10 * 1024);
    expect(state.pulled).toBeLessThanOrEqual(12);
    expect(state.cancelled).toBe(true);
  });

  it('fails at the first read when content-length already says too much', async () => {
    const response = new Response('x'.repeat(100), { headers: { 'content-length': '100' } });
    await expect(limitResponseSize(response, 10).text()).rejects.toThrow(/content-length says 100 bytes/);
  });

  it('caps every response of a fetch, and refuses a cap that is not a whole number', async () => {
    const base = (async () => new Response('0123456789')) as unknown as typeof fetch;
    await expect((await withResponseSizeLimit(base, 4)('http://x.test')).text()).rejects.toThrow(
      ResponseTooLargeError,
    );
    expect(() => withResponseSizeLimit(base, 0)).toThrow(/maxResponseBytes must be a whole number/);
    expect([300, 2048, 10 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      '300 bytes',
      '2 KB',
      '10 MB',
      '3 GB',
    ]);
  });
});
