/** mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1); the same seed, the same schedule. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Send times (ms from the start) of `count` requests arriving as a Poisson process of `ratePerSecond`: the first at
 * 0, then exponential gaps with mean 1000 / rate ms, independent of when answers come (open loop).
 */
export function poissonArrivals(count: number, ratePerSecond: number, random: () => number): number[] {
  if (!(ratePerSecond > 0)) throw new RangeError(`rate must be > 0, got ${ratePerSecond}`);
  const meanGapMs = 1000 / ratePerSecond;
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0) t += -Math.log(1 - random()) * meanGapMs;
    times.push(t);
  }
  return times;
}
