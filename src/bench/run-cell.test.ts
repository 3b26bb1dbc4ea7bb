import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RequestSample } from './latency-report.ts';
import { poissonArrivals, seededRandom } from './poisson-arrivals.ts';
import { runCell } from './run-cell.ts';

/** A fake request that takes `ms`, numbered in sending order, and tracks how many are in flight. */
function fakeSender(ms: number) {
  const state = { sent: 0, inFlight: 0, maxInFlight: 0, startedAt: [] as number[] };
  const send = async (): Promise<RequestSample> => {
    const n = state.sent++;
    state.startedAt.push(performance.now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await sleep(ms);
    state.inFlight--;
    return n % 4 === 3 ? { ok: false, errorKind: 'server-error' } : { ok: true, ttftMs: n };
  };
  return { state, send };
}

describe('runCell', () => {
  it('sends the warm-up requests, discards them, then exactly N measured ones, one at a time', async () => {
    const { state, send } = fakeSender(4);
    const outcome = await runCell({
      load: { kind: 'closed', concurrency: 1 },
      requests: 5,
      warmup: 2,
      seed: 1,
      send,
    });
    expect(state.sent).toBe(7);
    expect(state.maxInFlight).toBe(1);
    expect(outcome.samples.map((s) => s.ttftMs ?? 'error')).toEqual([2, 'error', 4, 5, 6]);
    expect(outcome.aborted).toBe(false);
    // One after the other. A timer may fire up to 1 ms early by performance.now(): libuv keeps whole-ms loop time.
    expect(outcome.wallMs).toBeGreaterThanOrEqual(5 * (4 - 1));
  });

  it('keeps c requests in flight in a closed loop, whatever fails', async () => {
    const { state, send } = fakeSender(15);
    const outcome = await runCell({
      load: { kind: 'closed', concurrency: 3 },
      requests: 12,
      warmup: 3,
      seed: 1,
      send,
    });
    expect(state.sent).toBe(15);
    expect(state.maxInFlight).toBe(3);
    expect(outcome.samples).toHaveLength(12);
    expect(outcome.samples.filter((s) => !s.ok)).toHaveLength(3);
    // 12 requests of 15 ms, 3 at a time: about 4 rounds, not 12
    expect(outcome.wallMs).toBeLessThan(12 * 15);
  });

  it('sends open-loop requests at their Poisson times, without waiting for answers', async () => {
    const { state, send } = fakeSender(400);
    const rate = 40;
    const outcome = await runCell({
      load: { kind: 'open', ratePerSecond: rate },
      requests: 8,
      warmup: 0,
      seed: 9,
      send,
    });
    const schedule = poissonArrivals(8, rate, seededRandom(9));
    const first = state.startedAt[0] as number;
    const offsets = state.startedAt.map((t) => t - first);
    for (const [i, planned] of schedule.entries()) {
      expect(offsets[i]).toBeGreaterThanOrEqual(planned - 2);
      // Waiting for an answer would put every send at least 400 ms after the one before.
      expect(offsets[i]).toBeLessThan(planned + 150);
    }
    expect(state.maxInFlight).toBeGreaterThan(1);
    expect(outcome.samples).toHaveLength(8);
  });

  it('stops sending when aborted and keeps what finished', async () => {
    const { state, send } = fakeSender(10);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 45);
    const outcome = await runCell({
      load: { kind: 'closed', concurrency: 1 },
      requests: 1000,
      warmup: 0,
      seed: 1,
      send,
      signal: controller.signal,
    });
    expect(outcome.aborted).toBe(true);
    expect(state.sent).toBeLessThan(1000);
    expect(outcome.samples.length).toBe(state.sent);
  });
});
