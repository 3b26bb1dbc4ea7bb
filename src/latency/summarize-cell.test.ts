import { describe, expect, it } from 'vitest';
import type { RequestSample } from '../core/latency-report.ts';
import { summarizeCell } from './summarize-cell.ts';

const quiet = { p99Ms: 1, maxMs: 2, skewed: false };

function ok(
  ttftMs: number,
  outputTokens: number,
  tokenSource: 'usage' | 'estimate',
  gaps: number[],
): RequestSample {
  return { ok: true, ttftMs, e2eMs: ttftMs + 100, itlMs: 10, outputTokens, tokenSource, chunkGapsMs: gaps };
}

describe('summarizeCell', () => {
  const samples: RequestSample[] = [
    ok(100, 10, 'usage', [5, 15]),
    { ok: false, errorKind: 'rate-limited' },
    ok(300, 20, 'usage', [25]),
    ok(200, 30, 'estimate', []),
    { ok: false, errorKind: 'rate-limited' },
    { ok: false, errorKind: 'timeout' },
  ];
  const cell = summarizeCell({
    provider: 'openai',
    scenario: 'stream.text',
    model: 'gpt-4o',
    concurrency: 8,
    warmup: 2,
    samples,
    wallMs: 2000,
    eventLoop: quiet,
  });

  it('counts every measured request, and the errors by kind', () => {
    expect(cell).toMatchObject({ requests: 6, errors: 3, errorRate: 0.5, concurrency: 8, warmup: 2 });
    expect(cell.errorKinds).toEqual({ 'rate-limited': 2, timeout: 1 });
    expect(cell.ratePerSecond).toBeUndefined();
  });

  it('takes percentiles over the successful requests only, chunk gaps pooled across them', () => {
    expect(cell.ttftMs).toMatchObject({ n: 3, min: 100, p50: 200, max: 300, mean: 200 });
    expect(cell.e2eMs?.p50).toBe(300);
    expect(cell.chunkGapMs).toMatchObject({ n: 3, p50: 15 });
  });

  it('gives throughput per second of wall time, and says where the token counts came from', () => {
    expect(cell.requestThroughput).toBe(1.5);
    expect(cell.tokenThroughput).toBe(30);
    expect(cell.tokenSource).toBe('mixed');
  });

  it('leaves out what was never measured', () => {
    const failed = summarizeCell({
      provider: 'p',
      scenario: 's',
      model: 'm',
      ratePerSecond: 5,
      warmup: 0,
      samples: [{ ok: false, errorKind: 'network' }],
      wallMs: 0,
      eventLoop: quiet,
    });
    expect(failed).toMatchObject({
      errorRate: 1,
      tokenSource: 'none',
      requestThroughput: 0,
      ratePerSecond: 5,
    });
    expect(failed.ttftMs).toBeUndefined();
    expect(failed.concurrency).toBeUndefined();
  });
});
