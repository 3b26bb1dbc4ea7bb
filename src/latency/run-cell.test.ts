import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RequestSample } from '../core/latency-report.ts';
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

  it('keeps c requests in flight in a closed loop, whatever fails: each answer sends the next at once', async () => {
    // Every request waits until the test answers it, so what is in flight at each moment is known exactly.
    const pending: (() => void)[] = [];
    let sent = 0;
    let woken = () => {};
    const send = () =>
      new Promise<RequestSample>((resolve) => {
        const n = sent++;
        pending.push(() =>
          resolve(n % 4 === 3 ? { ok: false, errorKind: 'server-error' } : { ok: true, ttftMs: n }),
        );
        woken();
      });
    const sends = (count: number) =>
      new Promise<void>((resolve) => {
        woken = () => {
          if (sent >= count) resolve();
        };
        woken();
      });
    const inFlight: number[] = [];
    const running = runCell({
      load: { kind: 'closed', concurrency: 3 },
      requests: 12,
      warmup: 3,
      seed: 1,
      send,
    });
    // The warm-up: 3 in flight, answered and thrown away.
    await sends(3);
    for (let answered = 0; answered < 3; answered++) pending[answered]?.();
    for (let answered = 3; answered < 15; answered++) {
      // Before each measured answer, as many requests are in flight as there can be: 3, until the last ones.
      await sends(Math.min(15, answered + 3));
      inFlight.push(sent - answered);
      pending[answered]?.();
    }
    const outcome = await running;
    expect(inFlight).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1]);
    expect(sent).toBe(15);
    expect(outcome.samples).toHaveLength(12);
    expect(outcome.samples.filter((s) => !s.ok)).toHaveLength(3);
  });

  it('sends open-loop requests at their Poisson times, without waiting for answers', async () => {
    // No request is answered before all 8 were sent: a loop that waited for answers would never finish.
    const startedAt: number[] = [];
    let answerAll = () => {};
    const allSent = new Promise<void>((resolve) => {
      answerAll = resolve;
    });
    const send = async (): Promise<RequestSample> => {
      startedAt.push(performance.now());
      if (startedAt.length === 8) answerAll();
      await allSent;
      return { ok: true, ttftMs: 1 };
    };
    const rate = 40;
    const outcome = await runCell({
      load: { kind: 'open', ratePerSecond: rate },
      requests: 8,
      warmup: 0,
      seed: 9,
      send,
    });
    const schedule = poissonArrivals(8, rate, seededRandom(9));
    const first = startedAt[0] as number;
    for (const [i, planned] of schedule.entries()) {
      // Never before its time (a timer may fire up to 1 ms early by performance.now(), and the first is the origin).
      expect((startedAt[i] as number) - first).toBeGreaterThanOrEqual(planned - 2);
    }
    expect(outcome.samples).toHaveLength(8);
  });

  it('stops sending when aborted, keeps what finished and drops what the stop cut short', async () => {
    const { state, send } = fakeSender(1);
    const controller = new AbortController();
    const outcome = await runCell({
      load: { kind: 'closed', concurrency: 1 },
      requests: 1000,
      warmup: 0,
      seed: 1,
      // The fourth request is in flight when the stop comes: it measured nothing.
      send: async () => {
        if (state.sent === 3) {
          state.sent++;
          controller.abort();
          return undefined;
        }
        return send();
      },
      signal: controller.signal,
    });
    expect(outcome.aborted).toBe(true);
    expect(state.sent).toBe(4);
    expect(outcome.samples.map((s) => s.ttftMs)).toEqual([0, 1, 2]);
  });

  it('stops an open loop waiting for its next arrival at once', async () => {
    const controller = new AbortController();
    let sent = 0;
    const outcome = await runCell({
      // The second arrival is hours away: only the stop can end this cell.
      load: { kind: 'open', ratePerSecond: 1 / 36_000 },
      requests: 3,
      warmup: 0,
      seed: 1,
      send: async () => {
        sent++;
        queueMicrotask(() => controller.abort());
        return { ok: true, ttftMs: 1 };
      },
      signal: controller.signal,
    });
    expect(outcome.aborted).toBe(true);
    expect(sent).toBe(1);
    expect(outcome.samples).toHaveLength(1);
  });
});
