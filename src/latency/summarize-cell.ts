import type { LatencyCell, RequestSample } from '../core/latency-report.ts';
import { distribution } from './percentiles.ts';

export interface CellFacts
  extends Pick<LatencyCell, 'provider' | 'scenario' | 'model' | 'concurrency' | 'ratePerSecond' | 'warmup'> {
  /** The measured requests (warm-up excluded), failed ones included. */
  samples: readonly RequestSample[];
  /** Wall time of the measured phase: from its first send to its last answer. */
  wallMs: number;
  eventLoop: LatencyCell['eventLoop'];
}

function defined(values: (number | undefined)[]): number[] {
  return values.filter((value): value is number => value !== undefined);
}

function tokenSourceOf(ok: readonly RequestSample[]): LatencyCell['tokenSource'] {
  const sources = new Set(ok.map((sample) => sample.tokenSource).filter((source) => source !== undefined));
  if (sources.size === 0) return 'none';
  if (sources.size > 1) return 'mixed';
  return sources.has('usage') ? 'usage' : 'estimate';
}

/** A cell's percentiles over its successful requests, and its error rate and throughput over all of them. */
export function summarizeCell(facts: CellFacts): LatencyCell {
  const { samples } = facts;
  const ok = samples.filter((sample) => sample.ok);
  const errorKinds: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.ok) continue;
    const kind = sample.errorKind ?? 'other';
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  }
  const errors = samples.length - ok.length;
  const seconds = facts.wallMs / 1000;
  let tokens = 0;
  for (const sample of ok) tokens += sample.outputTokens ?? 0;
  const cell: LatencyCell = {
    provider: facts.provider,
    scenario: facts.scenario,
    model: facts.model,
    warmup: facts.warmup,
    requests: samples.length,
    errors,
    errorRate: samples.length === 0 ? 0 : errors / samples.length,
    errorKinds,
    tokenSource: tokenSourceOf(ok),
    requestThroughput: seconds > 0 ? ok.length / seconds : 0,
    tokenThroughput: seconds > 0 ? tokens / seconds : 0,
    wallMs: facts.wallMs,
    eventLoop: facts.eventLoop,
  };
  if (facts.concurrency !== undefined) cell.concurrency = facts.concurrency;
  if (facts.ratePerSecond !== undefined) cell.ratePerSecond = facts.ratePerSecond;
  const put = <K extends 'ttftMs' | 'e2eMs' | 'itlMs' | 'chunkGapMs' | 'outputTokensPerSecond'>(
    key: K,
    values: number[],
  ) => {
    const summary = distribution(values);
    if (summary) cell[key] = summary;
  };
  put('ttftMs', defined(ok.map((sample) => sample.ttftMs)));
  put('e2eMs', defined(ok.map((sample) => sample.e2eMs)));
  put('itlMs', defined(ok.map((sample) => sample.itlMs)));
  put(
    'chunkGapMs',
    ok.flatMap((sample) => sample.chunkGapsMs ?? []),
  );
  put('outputTokensPerSecond', defined(ok.map((sample) => sample.outputTokensPerSecond)));
  return cell;
}
