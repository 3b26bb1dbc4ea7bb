import { describe, expect, it } from 'vitest';
import { type ArrivalSource, createBodyClock, noteArrivals, watchFetch } from './body-clock.ts';

function source(ends: number[], at: number[], completeAt?: number): ArrivalSource {
  return {
    count: () => ends.length,
    end: (index) => ends[index] as number,
    at: (index) => at[index] as number,
    completeAt: () => completeAt,
  };
}

describe('createBodyClock', () => {
  const arrivals = () => source([5, 8, 20], [10, 20, 30], 40);

  it('gives each noted chunk of a read its own arrival time', () => {
    const clock = createBodyClock(arrivals());
    const pieces: [number, number][] = [];
    expect(clock.take(8, 25, (size, at) => pieces.push([size, at]))).toBe(true);
    expect(clock.take(12, 35, (size, at) => pieces.push([size, at]))).toBe(true);
    expect(pieces).toEqual([
      [5, 10],
      [3, 20],
      [12, 30],
    ]);
    expect(clock.completeAt()).toBe(40);
  });

  it('stops for good when a read does not end on a noted chunk boundary', () => {
    const clock = createBodyClock(arrivals());
    const piece = () => {};
    expect(clock.take(6, 50, piece)).toBe(false);
    expect(clock.take(2, 50, piece)).toBe(false);
    expect(clock.completeAt()).toBeUndefined();
  });

  it('refuses arrivals later than the read that brought the bytes', () => {
    const clock = createBodyClock(arrivals());
    expect(clock.take(5, 9, () => {})).toBe(false);
  });

  it('has no end time until every byte was taken', () => {
    const clock = createBodyClock(arrivals());
    clock.take(5, 50, () => {});
    expect(clock.completeAt()).toBeUndefined();
  });
});

describe('watchFetch', () => {
  const noted = (status: number, headersAt = 1) => ({
    status: () => status,
    headersAt: () => headersAt,
    arrivals: source([4], [2], 3),
  });

  it('times the response by the arrivals the fetch chain noted last', async () => {
    const watched = await watchFetch(async () => {
      noteArrivals(noted(503));
      noteArrivals(noted(200));
      return new Response('body', { status: 200 });
    });
    expect(watched.headersAt).toBe(1);
    expect(watched.clock?.take(4, 10, () => {})).toBe(true);
    expect(watched.clock?.completeAt()).toBe(3);
  });

  it('has no clock when nothing was noted, or what was noted is not this response', async () => {
    const plain = await watchFetch(async () => new Response('body'));
    expect(plain.noted).toBeUndefined();
    expect(plain.clock).toBeUndefined();
    const other = await watchFetch(async () => {
      noteArrivals(noted(503));
      return new Response('body', { status: 200 });
    });
    expect(other.noted?.status()).toBe(503);
    expect(other.clock).toBeUndefined();
    const encoded = await watchFetch(async () => {
      noteArrivals(noted(200));
      return new Response('body', { headers: { 'content-encoding': 'br' } });
    });
    expect(encoded.clock).toBeUndefined();
  });

  it('ignores arrivals noted outside a watched call', async () => {
    noteArrivals(noted(200));
    const watched = await watchFetch(async () => new Response('body', { status: 200 }));
    expect(watched.noted).toBeUndefined();
  });
});
