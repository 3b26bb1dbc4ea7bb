import { describe, expect, it } from 'vitest';
import {
  abortInFlight,
  fakeFetch,
  jsonResponse,
  respondInTurn,
  sliceAtOddBoundaries,
  sseResponse,
} from './fake-fetch.ts';

async function readsOf(response: Response): Promise<Uint8Array[]> {
  const reads: Uint8Array[] = [];
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read())
    reads.push(read.value);
  return reads;
}

describe('fakeFetch', () => {
  it('records method, url, headers, parsed body and signal', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse({ ok: true }));
    const signal = new AbortController().signal;
    const response = await fetch('https://api.test/v1/x', {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: '{"model":"m"}',
      signal,
    });
    expect(await response.json()).toEqual({ ok: true });
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'https://api.test/v1/x',
        headers: expect.any(Headers),
        body: { model: 'm' },
        signal,
      },
    ]);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer k');
  });

  it('rejects, like a real fetch, when the signal is already aborted', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse({}));
    await expect(fetch('https://api.test/', { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(requests[0]?.body).toBeUndefined();
  });
});

describe('respondInTurn', () => {
  it('answers with each response once, then throws', () => {
    const first = jsonResponse(1);
    const second = jsonResponse(2);
    const respond = respondInTurn(first, second);
    expect(respond()).toBe(first);
    expect(respond()).toBe(second);
    expect(() => respond()).toThrow('no response prepared');
  });
});

describe('abortInFlight', () => {
  it('rejects the call once the fetch it reached sees the abort', async () => {
    await expect(abortInFlight((fetch, signal) => fetch('https://api.test/', { signal }))).rejects.toThrow(
      'aborted',
    );
  });
});

describe('streamed bodies', () => {
  it('split the bytes at odd boundaries, single bytes included, and lose none', () => {
    const bytes = new TextEncoder().encode('data: {"text":"Héllo — wörld"}\r\n\r\n'.repeat(3));
    const slices = sliceAtOddBoundaries(bytes);
    expect(slices.map((slice) => slice.length)).toContain(1);
    expect(Buffer.concat(slices)).toEqual(Buffer.from(bytes));
  });

  it('arrive over several reads with the content type and the exact text', async () => {
    const wire = 'event: ping\ndata: {"é":1}\n\n'.repeat(4);
    const response = sseResponse(wire);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reads = await readsOf(response);
    expect(reads.length).toBeGreaterThan(4);
    expect(new TextDecoder().decode(Buffer.concat(reads))).toBe(wire);
  });
});
