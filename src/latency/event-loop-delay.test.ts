import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EVENT_LOOP_SKEW_MS, watchEventLoop } from './event-loop-delay.ts';

function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the loop is held, as a saturated harness would hold it
  }
}

describe('watchEventLoop', () => {
  it('sees a blocked loop and flags the timings as skewed', async () => {
    const watch = watchEventLoop();
    for (let i = 0; i < 4; i++) {
      await sleep(15);
      block(EVENT_LOOP_SKEW_MS * 3);
    }
    await sleep(15);
    const stats = watch.stop();
    expect(stats.maxMs).toBeGreaterThan(EVENT_LOOP_SKEW_MS * 2);
    expect(stats.p99Ms).toBeGreaterThan(EVENT_LOOP_SKEW_MS);
    expect(stats.skewed).toBe(true);
  });

  it('reports nothing for a watch too short to sample', () => {
    expect(watchEventLoop().stop()).toEqual({ p99Ms: 0, maxMs: 0, skewed: false });
  });
});
