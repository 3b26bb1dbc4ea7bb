import { PROVIDERS } from '../../catalog/providers.ts';
import {
  type Distribution,
  LATENCY_REPORT_SCHEMA_VERSION,
  type LatencyCell,
  type LatencyReport,
} from '../../core/latency-report.ts';

/**
 * For tests and demos: a distribution around `p50`, its tail `spread` times wider above than below. The
 * percentiles are monotonic, as real ones are.
 */
export function makeDistribution(p50: number, spread = 1.6, n = 40): Distribution {
  const min = p50 * 0.72;
  const p90 = p50 * (1 + (spread - 1) * 0.55);
  const p95 = p50 * (1 + (spread - 1) * 0.75);
  const p99 = p50 * spread;
  const max = p99 * 1.08;
  return { n, min, max, mean: (min + 3 * p50 + p90 + max) / 6, p50, p90, p95, p99 };
}

/** For tests: a healthy closed-loop cell (concurrency 1, 40 requests, no errors), overridden by `fields`. */
export function makeLatencyCell(
  fields: Pick<LatencyCell, 'provider' | 'scenario'> & Partial<LatencyCell>,
): LatencyCell {
  const hasRate = fields.ratePerSecond !== undefined;
  return {
    model: 'model-x',
    concurrency: hasRate ? undefined : 1,
    warmup: 3,
    requests: 40,
    errors: 0,
    errorRate: 0,
    errorKinds: {},
    ttftMs: makeDistribution(420),
    e2eMs: makeDistribution(1900, 1.4),
    itlMs: makeDistribution(12, 1.5),
    chunkGapMs: makeDistribution(24, 2),
    outputTokensPerSecond: makeDistribution(83, 1.2),
    tokenSource: 'usage',
    requestThroughput: 0.52,
    tokenThroughput: 62,
    wallMs: 76_900,
    eventLoop: { p99Ms: 1.2, maxMs: 3.4, skewed: false },
    ...fields,
  };
}

/** For tests: a report over these cells. */
export function makeLatencyReport(
  cells: LatencyCell[],
  run: Partial<LatencyReport['run']> = {},
): LatencyReport {
  return {
    schema: LATENCY_REPORT_SCHEMA_VERSION,
    kind: 'latency',
    tool: { name: 'llmcompat', version: '0.1.0' },
    run: {
      mode: 'live',
      startedAt: '2025-06-01T10:00:00.000Z',
      finishedAt: '2025-06-01T10:14:07.500Z',
      node: 'v24.1.0',
      platform: 'linux-x64',
      cpus: 2,
      complete: true,
      ...run,
    },
    cells,
  };
}

export const SAMPLE_SCENARIOS = ['stream.text', 'tools.stream', 'chat.basic'] as const;
export const SAMPLE_CONCURRENCY = [1, 8, 64] as const;

/** The sample report's special cells, for tests to find. */
export const SAMPLE_SKEWED = { provider: 'ollama', scenario: 'stream.text', concurrency: 64 } as const;
export const SAMPLE_ERRORS = { provider: 'together', scenario: 'chat.basic', concurrency: 64 } as const;
export const SAMPLE_NO_ITL = { provider: 'anthropic', scenario: 'tools.stream', concurrency: 1 } as const;
export const SAMPLE_OUTLIER = { provider: 'mistral', scenario: 'tools.stream', concurrency: 64 } as const;

/** A stable pseudo-random factor in [1 − amount, 1 + amount] for a key, so the sample never changes. */
function jitter(key: string, amount: number): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619) >>> 0;
  return 1 + ((hash % 10_000) / 10_000 - 0.5) * 2 * amount;
}

const SCENARIO_FACTORS: Record<string, { ttft: number; tokens: number }> = {
  'stream.text': { ttft: 1, tokens: 160 },
  'tools.stream': { ttft: 1.35, tokens: 38 },
  'chat.basic': { ttft: 0.9, tokens: 24 },
};

/**
 * For tests and demos: the ten catalog providers × stream.text, tools.stream, chat.basic × concurrency 1, 8, 64, in
 * live mode, with plausible, fixed figures. Special cells: SAMPLE_SKEWED (event loop flagged), SAMPLE_ERRORS
 * (22.5% failed: rate-limited 6, timeout 2, server-error 1), SAMPLE_NO_ITL (single-token answers: no ITL, no
 * chunk gaps, no output speed) and SAMPLE_OUTLIER (one request took 30.5 s to its first token).
 */
export function sampleLatencyReport(): LatencyReport {
  const cells: LatencyCell[] = [];
  PROVIDERS.forEach((provider, p) => {
    const baseTtft = 180 + 70 * p * jitter(`${provider.id}:ttft`, 0.4);
    const baseSpeed = 45 + 160 * ((p * 7) % 10) * 0.1 * jitter(`${provider.id}:speed`, 0.2);
    for (const scenario of SAMPLE_SCENARIOS) {
      const factors = SCENARIO_FACTORS[scenario]!;
      for (const concurrency of SAMPLE_CONCURRENCY) {
        const key = `${provider.id}:${scenario}:${concurrency}`;
        const load = concurrency === 1 ? 1 : concurrency === 8 ? 1.25 : 2.1;
        const ttft = baseTtft * factors.ttft * load * jitter(`${key}:ttft`, 0.15);
        const speed = (baseSpeed / Math.sqrt(load)) * jitter(`${key}:speed`, 0.1);
        const itl = 1000 / speed;
        const tokens = factors.tokens * jitter(`${key}:tokens`, 0.2);
        const e2e = ttft + (tokens - 1) * itl;
        const requests = concurrency === 64 ? 128 : 40;
        const wallMs = (requests / concurrency) * e2e * 1.05;
        const cell = makeLatencyCell({
          provider: provider.id,
          scenario,
          model: provider.defaultModel,
          concurrency,
          requests,
          ttftMs: makeDistribution(ttft, 1.5 + load * 0.3, requests),
          e2eMs: makeDistribution(e2e, 1.3 + load * 0.1, requests),
          itlMs: makeDistribution(itl, 1.4, requests),
          chunkGapMs: makeDistribution(itl * 2.5, 2.2, requests),
          outputTokensPerSecond: makeDistribution(speed, 1.25, requests),
          tokenSource: provider.gaps['stream-usage'] ? 'estimate' : 'usage',
          requestThroughput: (requests * 1000) / wallMs,
          tokenThroughput: (requests * tokens * 1000) / wallMs,
          wallMs,
          eventLoop: { p99Ms: 0.8 + concurrency * 0.02, maxMs: 2 + concurrency * 0.05, skewed: false },
        });
        if (provider.id === 'ollama-openai' || provider.id === 'ollama') cell.tokenSource = 'usage';
        if (provider.id === 'google' && scenario === 'tools.stream') cell.tokenSource = 'mixed';
        cells.push(cell);
      }
    }
  });
  const find = (where: { provider: string; scenario: string; concurrency: number }) =>
    cells.find(
      (c) =>
        c.provider === where.provider && c.scenario === where.scenario && c.concurrency === where.concurrency,
    )!;
  Object.assign(find(SAMPLE_SKEWED), { eventLoop: { p99Ms: 48.6, maxMs: 131.2, skewed: true } });
  const failing = find(SAMPLE_ERRORS);
  Object.assign(failing, {
    requests: 40,
    errors: 9,
    errorRate: 9 / 40,
    errorKinds: { timeout: 2, 'rate-limited': 6, 'server-error': 1 },
  });
  for (const key of ['ttftMs', 'e2eMs', 'itlMs', 'chunkGapMs', 'outputTokensPerSecond'] as const) {
    const distribution = failing[key];
    if (distribution) failing[key] = { ...distribution, n: 31 };
  }
  const slow = find(SAMPLE_OUTLIER);
  slow.ttftMs = { ...slow.ttftMs!, max: 30_512 };
  const single = find(SAMPLE_NO_ITL);
  single.itlMs = undefined;
  single.chunkGapMs = undefined;
  single.outputTokensPerSecond = undefined;
  return makeLatencyReport(cells, {
    startedAt: '2025-06-01T09:00:00.000Z',
    finishedAt: '2025-06-01T09:41:12.800Z',
  });
}
