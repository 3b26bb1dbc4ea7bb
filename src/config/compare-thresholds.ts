import { UsageError } from '../core/usage-error.ts';

/** Latency metrics a threshold can watch, each with the cell field it reads and which way is worse. */
export const LATENCY_METRICS = {
  ttft: { field: 'ttftMs', label: 'TTFT', unit: 'ms', worse: 'up' },
  e2e: { field: 'e2eMs', label: 'E2E', unit: 'ms', worse: 'up' },
  itl: { field: 'itlMs', label: 'ITL', unit: 'ms', worse: 'up' },
  tps: { field: 'outputTokensPerSecond', label: 'tokens/s', unit: 'tok/s', worse: 'down' },
} as const;

export type LatencyMetric = keyof typeof LATENCY_METRICS;
export const LATENCY_STATS = ['p50', 'p90', 'p95', 'p99', 'mean'] as const;
export type LatencyStat = (typeof LATENCY_STATS)[number];

/** `ttft-p50`, `tps-p50`, …, and `error-rate`. */
export type ThresholdName = `${LatencyMetric}-${LatencyStat}` | 'error-rate';

/**
 * How much worse a latency figure may get before it is a regression: percent of the baseline value for the
 * percentiles (in the direction that is worse: up for times, down for tokens/s), percentage points for the error
 * rate. A name that is absent is not watched.
 */
export type Thresholds = Partial<Record<ThresholdName, number>>;

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = {
  'ttft-p50': 20,
  'ttft-p99': 50,
  'tps-p50': 20,
  'error-rate': 5,
};

export const THRESHOLD_NAMES: readonly ThresholdName[] = [
  ...(Object.keys(LATENCY_METRICS) as LatencyMetric[]).flatMap((metric) =>
    LATENCY_STATS.map((stat): ThresholdName => `${metric}-${stat}`),
  ),
  'error-rate',
];

function isThresholdName(name: string): name is ThresholdName {
  return (THRESHOLD_NAMES as readonly string[]).includes(name);
}

/** `ttft-p50=20%` → ['ttft-p50', 20]; `ttft-p99=off` → ['ttft-p99', undefined]. A bad name or value is a UsageError. */
export function parseThreshold(text: string): [ThresholdName, number | undefined] {
  const at = text.indexOf('=');
  const name = (at === -1 ? text : text.slice(0, at)).trim().toLowerCase();
  const raw = at === -1 ? '' : text.slice(at + 1).trim();
  if (!isThresholdName(name)) {
    throw new UsageError(
      `Unknown threshold '${name}' in --threshold ${text}. Names: <metric>-<stat> with metric ` +
        `${Object.keys(LATENCY_METRICS).join('|')} and stat ${LATENCY_STATS.join('|')} (e.g. ttft-p50), or error-rate.`,
    );
  }
  if (raw === 'off') return [name, undefined];
  const match = /^[+-]?(\d+(?:\.\d+)?)\s*(%|pt|pts|points?)?$/i.exec(raw);
  if (!match) {
    const example = name === 'error-rate' ? 'error-rate=5' : `${name}=20%`;
    throw new UsageError(
      `Bad value '${raw}' in --threshold ${text}: give a percentage (points for error-rate), e.g. ${example}, ` +
        `or 'off'.`,
    );
  }
  return [name, Number(match[1])];
}

/** The defaults (or `base`) with each `name=value` flag applied in order. */
export function parseThresholds(
  flags: readonly string[],
  base: Readonly<Thresholds> = DEFAULT_THRESHOLDS,
): Thresholds {
  const thresholds: Thresholds = { ...base };
  for (const flag of flags) {
    const [name, value] = parseThreshold(flag);
    if (value === undefined) delete thresholds[name];
    else thresholds[name] = value;
  }
  return thresholds;
}

/** `ttft-p50 +20%`, `tps-p50 −20%`, `error-rate +5 pts`: a threshold as its worse direction reads. */
export function describeThreshold(name: ThresholdName, value: number): string {
  if (name === 'error-rate') return `${name} +${value} pts`;
  const metric = name.slice(0, name.indexOf('-')) as LatencyMetric;
  return `${name} ${LATENCY_METRICS[metric].worse === 'up' ? '+' : '−'}${value}%`;
}
