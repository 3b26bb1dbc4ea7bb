import { describe, expect, it } from 'vitest';
import { makeLatencyCell, makeLatencyReport } from '../latency/test-support/make-latency-report.ts';
import {
  errorSummary,
  formatMs,
  formatPercent,
  formatRate,
  formatTick,
  groupCells,
  latencyRunFacts,
  loadLabel,
  loadTitle,
  warmupText,
} from './render-latency-format.ts';

describe('number formats', () => {
  it('gives milliseconds one decimal under 10 and whole numbers from there', () => {
    expect([0, 0.04, 0.45, 8.44, 9.94, 9.96, 10, 123.4, 123.5, 4111.7].map(formatMs)).toEqual([
      '0.0',
      '0.0',
      '0.5',
      '8.4',
      '9.9',
      '10',
      '10',
      '123',
      '124',
      '4112',
    ]);
  });

  it('shows a missing or non-finite figure as a dash', () => {
    expect([undefined, Number.NaN, Number.POSITIVE_INFINITY].map(formatMs)).toEqual(['–', '–', '–']);
  });

  it('keeps two decimals for rates under 1 so a slow cell does not read 0.0', () => {
    expect([0, 0.456, 0.04, 0.996, 2.34, 62.4].map(formatRate)).toEqual([
      '0.0',
      '0.46',
      '0.04',
      '1.0',
      '2.3',
      '62',
    ]);
  });

  it('writes percentages of a fraction', () => {
    expect([0, 0.0001, 0.025, 0.225, 1].map(formatPercent)).toEqual(['0%', '<0.1%', '2.5%', '23%', '100%']);
  });

  it('writes whole axis ticks without decimals', () => {
    expect([0, 8, 2500, 0.5, 2.5].map(formatTick)).toEqual(['0', '8', '2500', '0.5', '2.5']);
  });
});

describe('load levels', () => {
  it('names closed and open loop levels', () => {
    expect(loadLabel({ concurrency: 64 })).toBe('c=64');
    expect(loadLabel({ ratePerSecond: 5 })).toBe('5/s');
    expect(loadLabel({ ratePerSecond: 0.5 })).toBe('0.5/s');
    expect(loadTitle({ concurrency: 8 })).toBe('concurrency 8');
    expect(loadTitle({ ratePerSecond: 5 })).toBe('open loop, 5 req/s (Poisson arrivals)');
  });

  it('groups by scenario in report order, then by load: closed loop ascending, then open loop', () => {
    const cells = [
      makeLatencyCell({ provider: 'b', scenario: 'tools.stream', concurrency: 64 }),
      makeLatencyCell({ provider: 'a', scenario: 'stream.text', ratePerSecond: 5 }),
      makeLatencyCell({ provider: 'a', scenario: 'tools.stream', concurrency: 64 }),
      makeLatencyCell({ provider: 'a', scenario: 'tools.stream', concurrency: 8 }),
      makeLatencyCell({ provider: 'b', scenario: 'stream.text', concurrency: 1 }),
      makeLatencyCell({ provider: 'a', scenario: 'stream.text', concurrency: 1 }),
    ];
    const groups = groupCells({ cells });
    expect(groups.map((g) => g.scenario)).toEqual(['tools.stream', 'stream.text']);
    expect(groups[0]!.levels.map((l) => l.label)).toEqual(['c=8', 'c=64']);
    expect(groups[1]!.levels.map((l) => l.label)).toEqual(['c=1', '5/s']);
    // Providers keep their order of first appearance in the report: b before a.
    expect(groups[0]!.levels[1]!.cells.map((c) => c.provider)).toEqual(['b', 'a']);
    expect(groups[1]!.levels[0]!.cells.map((c) => c.provider)).toEqual(['b', 'a']);
  });
});

describe('errorSummary', () => {
  const cell = makeLatencyCell({
    provider: 'p',
    scenario: 's',
    errors: 9,
    errorRate: 0.225,
    errorKinds: { timeout: 2, 'rate-limited': 6, 'server-error': 1, zero: 0 },
  });

  it('gives the rate and the most frequent kinds, and how many more there are', () => {
    expect(errorSummary(cell)).toBe('23% rate-limited 6, timeout 2 +1 more');
    expect(errorSummary(cell, 3)).toBe('23% rate-limited 6, timeout 2, server-error 1');
    expect(errorSummary(makeLatencyCell({ provider: 'p', scenario: 's' }))).toBe('0');
  });
});

describe('latencyRunFacts', () => {
  it('states tool, mode and timing, start, duration, node, platform and cpus', () => {
    const report = makeLatencyReport([], { mode: 'recorded', timing: 'recorded', cpus: 1 });
    expect(latencyRunFacts(report)).toEqual([
      'llmcompat 0.1.0',
      'recorded mode, recorded timing',
      'started 2025-06-01T10:00:00.000Z',
      'took 14 min 08 s',
      'node v24.1.0',
      'linux-x64',
      '1 CPU',
    ]);
  });

  it('names the clock of a live run', () => {
    const relayed = makeLatencyReport([], { mode: 'live', clock: 'relay' });
    expect(latencyRunFacts(relayed)[1]).toBe('live mode, relay clock');
    expect(latencyRunFacts(makeLatencyReport([], { mode: 'live' }))[1]).toBe('live mode');
  });

  it('gives the warm-up count, or its range when cells differ', () => {
    const cell = (warmup: number) => makeLatencyCell({ provider: 'p', scenario: 's', warmup });
    expect(warmupText({ cells: [cell(3), cell(3)] })).toBe('3');
    expect(warmupText({ cells: [cell(2), cell(5)] })).toBe('2–5');
  });
});
