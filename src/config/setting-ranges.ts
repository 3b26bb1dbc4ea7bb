import { UsageError } from '../core/usage-error.ts';
import { MAX_TIMER_MS } from '../core/wait-until.ts';

// Every duration a user can set is checked against MAX_TIMER_MS at the edge: past it a timer fires after 1 ms.

export interface SettingRange {
  min: number;
  max: number;
  /** What the upper bound is, in words, when it is not just a number. */
  maxMeans?: string;
}

const DURATION: SettingRange = {
  min: 1,
  max: MAX_TIMER_MS,
  maxMeans: 'about 24.8 days, the longest timer Node has',
};

/** The whole-number settings of a run and of a bench, and what each may be. */
export const SETTING_RANGES = {
  requestTimeoutMs: DURATION,
  idleTimeoutMs: DURATION,
  runTimeoutMs: DURATION,
  retries: { min: 0, max: 20 },
  concurrency: { min: 1, max: 1024 },
  repeat: { min: 1, max: 1000 },
  maxResponseBytes: { min: 1, max: 2 ** 32, maxMeans: '4 GiB' },
  // Beyond these a bench is a typo, not a benchmark (and tinybench would keep that many slots).
  benchRequests: { min: 1, max: 1_000_000 },
  benchWarmup: { min: 0, max: 1_000_000 },
  benchConcurrency: { min: 1, max: 10_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const satisfies Record<string, SettingRange>;

/** Why `value` is not a whole number within `range`, or undefined when it is. */
export function rangeProblem(value: unknown, range: SettingRange): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max)
    return;
  const max = range.maxMeans ? `${range.max} (${range.maxMeans})` : String(range.max);
  return `must be a whole number from ${range.min} to ${max}`;
}

/**
 * A whole-number option as typed (a flag or a variable): undefined when not given, else the number, or a usage error
 * that names the option and its range.
 */
export function wholeNumberOption(
  value: string | undefined,
  name: string,
  range: SettingRange,
): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  const problem = rangeProblem(n, range);
  if (problem) throw new UsageError(`${name} ${problem}, got '${value}'.`);
  return n;
}
