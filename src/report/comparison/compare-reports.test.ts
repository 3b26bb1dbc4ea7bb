import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, parseThreshold, parseThresholds } from '../../config/compare-thresholds.ts';
import { deviation, failure } from '../../core/diagnostic.ts';
import type { RunReport } from '../../core/run-report.ts';
import { UsageError } from '../../core/usage-error.ts';
import {
  makeDistribution,
  makeLatencyCell,
  makeLatencyReport,
} from '../../latency/test-support/make-latency-report.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from '../test-support/make-run-report.ts';
import { compareReports, hasRegressions } from './compare-reports.ts';
import { renderComparisonMarkdown, renderComparisonTerminal } from './render-comparison.ts';

const clone = <T>(value: T): T => structuredClone(value);

function baselineReport(): RunReport {
  return makeRunReport([
    makeCase({ provider: 'openai', scenario: 'chat.basic', status: 'pass' }),
    makeCase({ provider: 'openai', scenario: 'tools.stream', capability: 'tool-streaming', status: 'pass' }),
    makeCase({
      provider: 'together',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'fail',
      declared: false,
      gapReason: 'tool calls arrive as text',
      diagnostics: [failure('tool-call-as-text', 'the tool call came back as text', '<|python_tag|>{}')],
    }),
    makeCase({ provider: 'together', scenario: 'chat.basic', status: 'pass' }),
  ]);
}

function withCase(
  report: RunReport,
  provider: string,
  scenario: string,
  fields: Parameters<typeof makeCase>[0],
) {
  const next = clone(report);
  const i = next.cases.findIndex((c) => c.provider === provider && c.scenario === scenario);
  next.cases[i] = makeCase(fields);
  return next;
}

describe('compareReports on conformance reports', () => {
  it('finds nothing between identical reports', () => {
    const comparison = compareReports(everyOutcomeReport(), everyOutcomeReport());
    expect(comparison).toMatchObject({ kind: 'conformance', regressions: [], improvements: [], news: [] });
    expect(comparison.compared).toBe(everyOutcomeReport().cases.length);
    expect(hasRegressions(comparison)).toBe(false);
  });

  it('names a declared capability that went from pass to fail, with its diagnostic', () => {
    const current = withCase(baselineReport(), 'openai', 'tools.stream', {
      provider: 'openai',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'fail',
      diagnostics: [failure('missing-index', 'a tool_calls delta has no index')],
    });
    const comparison = compareReports(baselineReport(), current);
    expect(hasRegressions(comparison)).toBe(true);
    expect(comparison.regressions).toEqual([
      expect.objectContaining({
        code: 'newly-failing',
        where: 'openai › tools.stream',
        before: 'pass',
        after: 'fail',
        detail: expect.stringContaining('missing-index: a tool_calls delta has no index'),
      }),
    ]);
  });

  it('counts a new error, a vanished case and a failing new case as regressions', () => {
    const current = withCase(baselineReport(), 'openai', 'chat.basic', {
      provider: 'openai',
      scenario: 'chat.basic',
      status: 'error',
      reason: 'fixture not found: openai/chat.basic.json',
    });
    current.cases = current.cases.filter((c) => !(c.provider === 'together' && c.scenario === 'chat.basic'));
    current.cases.push(makeCase({ provider: 'mistral', scenario: 'chat.basic', status: 'fail' }));
    const { regressions } = compareReports(baselineReport(), current);
    expect(regressions.map((r) => [r.code, r.where])).toEqual([
      ['new-error', 'openai › chat.basic'],
      ['newly-failing', 'mistral › chat.basic'],
      ['vanished', 'together › chat.basic'],
    ]);
    expect(regressions[0]?.detail).toContain('fixture not found');
  });

  it('flags a known gap that the catalog now declares and that still fails', () => {
    const current = withCase(baselineReport(), 'together', 'tools.stream', {
      provider: 'together',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'fail',
      diagnostics: [failure('tool-call-as-text', 'the tool call came back as text')],
    });
    const [regression] = compareReports(baselineReport(), current).regressions;
    expect(regression).toMatchObject({ code: 'newly-failing', before: 'known gap', after: 'fail' });
    expect(regression?.detail).toContain('the catalog now declares');
  });

  it('lists fixed cells as improvements and unexpected passes, skips and new cases as news, never as regressions', () => {
    const failing = withCase(baselineReport(), 'openai', 'chat.basic', {
      provider: 'openai',
      scenario: 'chat.basic',
      status: 'fail',
      diagnostics: [failure('empty-text', 'no text')],
    });
    let current = withCase(baselineReport(), 'together', 'tools.stream', {
      provider: 'together',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'pass',
      declared: false,
    });
    current = withCase(current, 'together', 'chat.basic', {
      provider: 'together',
      scenario: 'chat.basic',
      status: 'skipped',
      reason: 'TOGETHER_API_KEY is not set',
    });
    current.cases.push(makeCase({ provider: 'mistral', scenario: 'chat.basic', status: 'pass' }));
    const comparison = compareReports(failing, current);
    expect(comparison.regressions).toEqual([]);
    expect(comparison.improvements.map((c) => [c.code, c.where, c.before, c.after])).toEqual([
      ['fixed', 'openai › chat.basic', 'fail', 'pass'],
    ]);
    expect(comparison.news.map((c) => [c.code, c.where])).toEqual([
      ['unexpected-pass', 'together › tools.stream'],
      ['now-skipped', 'together › chat.basic'],
      ['new-case', 'mistral › chat.basic'],
    ]);
    expect(comparison.news[1]?.detail).toBe('TOGETHER_API_KEY is not set');
  });

  it('reports changed diagnostic codes on an unchanged outcome as news', () => {
    const current = withCase(baselineReport(), 'openai', 'tools.stream', {
      provider: 'openai',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'pass',
      diagnostics: [deviation('no-done-sentinel', 'the stream ended without [DONE]')],
    });
    const { news, regressions } = compareReports(baselineReport(), current);
    expect(regressions).toEqual([]);
    expect(news).toEqual([
      expect.objectContaining({ code: 'diagnostics-changed', detail: 'diagnostic codes +no-done-sentinel' }),
    ]);
  });

  it('notes a mode mismatch, an interrupted run and a model change', () => {
    const current = clone(baselineReport());
    current.run.mode = 'live';
    current.run.complete = false;
    current.providers[0]!.model = 'gpt-4.1';
    const { notes } = compareReports(baselineReport(), current);
    expect(notes.join('\n')).toMatch(/recorded run, the current one live/);
    expect(notes.join('\n')).toMatch(/interrupted/);
    expect(notes.join('\n')).toMatch(/openai: model model-x in the baseline, gpt-4.1 now/);
  });

  it('refuses reports of different kinds', () => {
    expect(() => compareReports(baselineReport(), makeLatencyReport([]))).toThrow(UsageError);
    expect(() => compareReports(baselineReport(), makeLatencyReport([]))).toThrow(
      /conformance baseline with a latency/,
    );
  });
});

function latencyBaseline() {
  return makeLatencyReport([
    makeLatencyCell({ provider: 'openai', scenario: 'stream.text', concurrency: 1 }),
    makeLatencyCell({ provider: 'openai', scenario: 'stream.text', concurrency: 8 }),
    makeLatencyCell({ provider: 'anthropic', scenario: 'stream.text', concurrency: 1 }),
  ]);
}

describe('compareReports on latency reports', () => {
  it('finds nothing between identical reports', () => {
    const comparison = compareReports(latencyBaseline(), latencyBaseline());
    expect(comparison).toMatchObject({
      kind: 'latency',
      regressions: [],
      improvements: [],
      news: [],
      compared: 3,
    });
  });

  it('flags a TTFT p50 30% slower (threshold 20%) and lets one 10% slower pass', () => {
    const current = latencyBaseline();
    current.cells[0]!.ttftMs = { ...makeDistribution(420), p50: 420 * 1.3 };
    current.cells[1]!.ttftMs = { ...makeDistribution(420), p50: 420 * 1.1 };
    const { regressions } = compareReports(latencyBaseline(), current);
    expect(regressions).toEqual([
      expect.objectContaining({
        code: 'slower',
        where: 'openai › stream.text @ c=1',
        what: 'TTFT p50',
        before: '420 ms',
        after: '546 ms',
        detail: '+30% (threshold ttft-p50 +20%)',
      }),
    ]);
  });

  it('flags a p99 tail over 50%, tokens/s down over 20% and the error rate up over 5 points', () => {
    const current = latencyBaseline();
    const cell = current.cells[2]!;
    cell.ttftMs = { ...cell.ttftMs!, p99: cell.ttftMs!.p99 * 1.6 };
    cell.outputTokensPerSecond = { ...cell.outputTokensPerSecond!, p50: 60 };
    Object.assign(cell, { errors: 4, errorRate: 0.1, errorKinds: { 'rate-limited': 3, timeout: 1 } });
    const { regressions } = compareReports(latencyBaseline(), current);
    expect(regressions.map((r) => [r.code, r.what])).toEqual([
      ['slower', 'TTFT p99'],
      ['slower', 'tokens/s p50'],
      ['error-rate', 'error rate'],
    ]);
    expect(regressions[1]?.detail).toBe('−27.7% (threshold tps-p50 −20%)');
    expect(regressions[2]).toMatchObject({ before: '0%', after: '10%' });
    expect(regressions[2]?.detail).toContain('rate-limited 3, timeout 1');
  });

  it('lists faster figures as improvements and a vanished cell as a regression', () => {
    const current = latencyBaseline();
    current.cells[0]!.ttftMs = { ...current.cells[0]!.ttftMs!, p50: 200 };
    current.cells.pop();
    const comparison = compareReports(latencyBaseline(), current);
    expect(comparison.improvements.map((c) => [c.code, c.what])).toEqual([['faster', 'TTFT p50']]);
    expect(comparison.regressions.map((c) => [c.code, c.where])).toEqual([
      ['vanished', 'anthropic › stream.text @ c=1'],
    ]);
  });

  it('applies the thresholds it is given', () => {
    const current = latencyBaseline();
    current.cells[0]!.ttftMs = { ...current.cells[0]!.ttftMs!, p50: 420 * 1.3 };
    current.cells[0]!.e2eMs = { ...current.cells[0]!.e2eMs!, p95: current.cells[0]!.e2eMs!.p95 * 1.2 };
    const loose = parseThresholds(['ttft-p50=50%']);
    expect(compareReports(latencyBaseline(), current, loose).regressions).toEqual([]);
    const strict = parseThresholds(['ttft-p50=off', 'e2e-p95=10%']);
    expect(compareReports(latencyBaseline(), current, strict).regressions.map((r) => r.what)).toEqual([
      'E2E p95',
    ]);
  });

  it('does not count sub-millisecond jitter of a replayed run as a regression', () => {
    const baseline = makeLatencyReport([
      makeLatencyCell({ provider: 'openai', scenario: 'chat.basic', ttftMs: makeDistribution(0.3) }),
    ]);
    const current = makeLatencyReport([
      makeLatencyCell({ provider: 'openai', scenario: 'chat.basic', ttftMs: makeDistribution(0.9) }),
    ]);
    expect(compareReports(baseline, current).regressions).toEqual([]);
  });
});

describe('thresholds', () => {
  it('parses percentages, points and off', () => {
    expect(parseThreshold('ttft-p50=20%')).toEqual(['ttft-p50', 20]);
    expect(parseThreshold('tps-p50=-15%')).toEqual(['tps-p50', 15]);
    expect(parseThreshold('error-rate=2.5')).toEqual(['error-rate', 2.5]);
    expect(parseThreshold('itl-p99=off')).toEqual(['itl-p99', undefined]);
    expect(parseThresholds([])).toEqual(DEFAULT_THRESHOLDS);
  });

  it('rejects an unknown name or a bad value with the fix', () => {
    expect(() => parseThreshold('ttfb-p50=20%')).toThrow(/Unknown threshold 'ttfb-p50'.*e\.g\. ttft-p50/);
    expect(() => parseThreshold('ttft-p50=fast')).toThrow(/Bad value 'fast'.*ttft-p50=20%/);
  });
});

describe('comparison renderers', () => {
  const current = withCase(baselineReport(), 'openai', 'tools.stream', {
    provider: 'openai',
    scenario: 'tools.stream',
    capability: 'tool-streaming',
    status: 'fail',
    diagnostics: [failure('bad|pipe', 'a <b>tag</b> and a | pipe')],
  });
  const comparison = compareReports(baselineReport(), current);

  it('draws a diff table for the terminal with the verdict', () => {
    const text = renderComparisonTerminal(comparison, { color: false });
    expect(text).toContain('REGRESSION');
    expect(text).toContain('openai › tools.stream');
    expect(text).toContain('✗ 1 regression against the baseline');
    expect(text).not.toContain('\x1b[');
    expect(
      renderComparisonTerminal(compareReports(baselineReport(), baselineReport()), { color: false }),
    ).toContain('✓ No regression against the baseline');
  });

  it('writes Markdown sections whose table rows keep their columns', () => {
    const markdown = renderComparisonMarkdown(comparison);
    expect(markdown).toContain('## llmcompat compare: conformance');
    expect(markdown).toContain('### Regressions (fail the comparison)');
    const row = markdown.split('\n').find((line) => line.startsWith('| openai › tools.stream'));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(7);
    expect(markdown).toContain('\\<b\\>');
  });
});
