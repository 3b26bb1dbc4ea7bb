import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/usage-error.ts';
import { describeLoad, parseConcurrencyLevels, parseRates } from './load-level.ts';

describe('load levels', () => {
  it('reads closed-loop concurrency levels', () => {
    expect(parseConcurrencyLevels('1,8, 64')).toEqual([
      { kind: 'closed', concurrency: 1 },
      { kind: 'closed', concurrency: 8 },
      { kind: 'closed', concurrency: 64 },
    ]);
  });

  it('reads open-loop rates per second or per minute', () => {
    expect(
      parseRates('5/s,0.5/s,120/min,3').map((load) => (load.kind === 'open' ? load.ratePerSecond : 0)),
    ).toEqual([5, 0.5, 2, 3]);
  });

  it('refuses what is not a level', () => {
    for (const bad of ['0', '1.5', 'x', '', '4,'])
      expect(() => parseConcurrencyLevels(bad)).toThrow(UsageError);
    for (const bad of ['0/s', '5/h', 'fast', '-1/s']) expect(() => parseRates(bad)).toThrow(UsageError);
  });

  it('describes a level', () => {
    expect(describeLoad({ kind: 'closed', concurrency: 8 })).toBe('concurrency 8');
    expect(describeLoad({ kind: 'open', ratePerSecond: 5 })).toBe('5/s open loop');
  });
});
