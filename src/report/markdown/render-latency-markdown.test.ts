import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../core/latency-report.ts';
import {
  makeDistribution,
  makeLatencyCell,
  makeLatencyReport,
  SAMPLE_ERRORS,
  SAMPLE_SKEWED,
  sampleLatencyReport,
} from '../../latency/test-support/make-latency-report.ts';
import { renderLatencyMarkdown } from './render-latency-markdown.ts';

const dist = (fields: Partial<Distribution>): Distribution => ({ ...makeDistribution(100), ...fields });

/** The table under the `### title` heading that follows `## scenario`, as rows of cells. */
function tableOf(markdown: string, scenario: string, title: string): string[][] {
  const lines = markdown.split('\n');
  const section = lines.indexOf(`## ${scenario}`);
  const heading = lines.indexOf(`### ${title}`, section);
  if (section < 0 || heading < 0) throw new Error(`no table ${scenario} / ${title}`);
  const rows: string[][] = [];
  for (let i = heading + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(lines[i]!.slice(2, -2).split(/ (?<!\\)\| /));
  }
  return rows;
}

function exactReport() {
  return makeLatencyReport(
    [
      makeLatencyCell({
        provider: 'alpha',
        scenario: 'stream.text',
        model: 'model-a',
        concurrency: 8,
        ttftMs: dist({ p50: 8.44, p90: 9.96, p99: 123.5 }),
        itlMs: undefined,
        e2eMs: dist({ p50: 1500.4, p99: 2999.5 }),
        outputTokensPerSecond: dist({ p50: 83.26 }),
        requestThroughput: 0.456,
        tokenThroughput: 62.4,
        errors: 2,
        errorRate: 0.05,
        errorKinds: { timeout: 2 },
        eventLoop: { p99Ms: 45, maxMs: 120.4, skewed: true },
      }),
      makeLatencyCell({ provider: 'alpha', scenario: 'stream.text', model: 'model-a', ratePerSecond: 5 }),
    ],
    { mode: 'recorded', timing: 'recorded' },
  );
}

describe('renderLatencyMarkdown', () => {
  const md = renderLatencyMarkdown(exactReport());

  it('starts with a title and the run metadata', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# llmcompat latency report');
    expect(lines[2]).toBe(
      'llmcompat 0.1.0 · recorded mode, recorded timing · started 2025-06-01T10:00:00.000Z · took 14 min 08 s · ' +
        'node v24.1.0 · linux-x64 · 2 CPUs',
    );
  });

  it('explains each metric in one line', () => {
    const terms = md
      .split('\n')
      .filter((l) => l.startsWith('- **'))
      .map((l) => l.match(/^- \*\*(.+?)\*\*/)?.[1]);
    expect(terms).toEqual(['TTFT', 'ITL', 'E2E', 'Output speed', 'Throughput']);
    expect(md).toContain('(output tokens − 1)');
  });

  it('puts each figure in its column, rounded, with a dash for a missing one', () => {
    const rows = tableOf(md, 'stream.text', 'concurrency 8');
    expect(rows[0]).toEqual([
      'provider',
      'model',
      'TTFT p50 ms',
      'TTFT p90 ms',
      'TTFT p99 ms',
      'ITL p50 ms',
      'ITL p99 ms',
      'E2E p50 ms',
      'E2E p99 ms',
      'out tok/s p50',
      'run req/s',
      'run tok/s',
      'n',
      'errors',
      'tokens',
      'loop',
    ]);
    expect(rows[1]!.slice(2, 5)).toEqual(['--:', '--:', '--:']);
    expect(rows[2]).toEqual([
      'alpha',
      '`model-a`',
      '8.4',
      '10',
      '124',
      '–',
      '–',
      '1500',
      '3000',
      '83',
      '0.46',
      '62',
      '40',
      '5.0% timeout 2',
      'usage',
      '⚠',
    ]);
  });

  it('groups tables by scenario, closed-loop levels before open-loop ones', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## stream') || l.startsWith('### '));
    expect(headings).toEqual([
      '## stream.text',
      '### concurrency 8',
      '### open loop, 5 req/s (Poisson arrivals)',
    ]);
  });

  it('notes skewed cells and error kinds', () => {
    expect(md).toContain(
      '- ⚠ alpha › stream.text › c=8: event-loop delay p99 45 ms, max 120 ms while this cell ran; ' +
        'its timings may be inflated.',
    );
    expect(md).toContain('- alpha › stream.text › c=8: 2 of 40 requests failed (5.0%): timeout 2.');
  });

  it('ends with the methodology caveats for the mode it ran in', () => {
    const methodology = md.slice(md.indexOf('## Methodology'));
    expect(methodology).toContain('replayed from the fixtures at its recorded offset');
    expect(methodology).toContain('Warm-up: the first 3 requests of each cell');
    expect(methodology).toContain('A chunk is not a token');
    expect(methodology).toContain('estimate from the text');
    const live = renderLatencyMarkdown(makeLatencyReport(exactReport().cells, { mode: 'live' }));
    expect(live).toContain('Each request’s prompt varied');
    const fast = renderLatencyMarkdown(
      makeLatencyReport(exactReport().cells, { mode: 'recorded', timing: 'fast' }),
    );
    expect(fast).toContain('measure the harness, not any provider');
  });

  it('escapes names so they cannot break the table or add markup', () => {
    const report = makeLatencyReport([
      makeLatencyCell({ provider: 'a|b <i>x</i>', scenario: '*bold*', model: 'm|`q`' }),
    ]);
    const out = renderLatencyMarkdown(report);
    expect(out).toContain('## \\*bold\\*');
    const rows = tableOf(out, '\\*bold\\*', 'concurrency 1');
    expect(rows[2]).toHaveLength(16);
    expect(rows[2]![0]).toBe('a\\|b \\<i\\>x\\</i\\>');
    expect(rows[2]![1]).toBe('`` m\\|`q` ``');
  });

  it('says up front that a report is partial, and why; and when the local clock fell back', () => {
    const cells = [
      makeLatencyCell({ provider: 'openai', scenario: 'chat.basic', requests: 1, partial: true }),
    ];
    const partial = renderLatencyMarkdown(
      makeLatencyReport(cells, { complete: false, stopped: 'interrupted by SIGINT', cellsPlanned: 3 }),
    );
    expect(partial).toContain(
      '**Partial report: interrupted by SIGINT; 1 of 3 cells measured, 1 of them cut short (fewer requests ' +
        'than asked).**',
    );
    expect(partial.indexOf('**Partial report')).toBeLessThan(partial.indexOf('## How to read it'));
    const fellBack = renderLatencyMarkdown(makeLatencyReport(cells, { clock: 'tap', clockFallback: 'why' }));
    expect(fellBack).toContain(
      "**--clock local was not used: undici's diagnostics channels failed the self-check",
    );
    expect(renderLatencyMarkdown(makeLatencyReport(cells))).not.toMatch(/Partial report|--clock local/);
  });

  it('is deterministic and ends in one newline', () => {
    expect(renderLatencyMarkdown(exactReport())).toBe(md);
    expect(md.endsWith('.\n')).toBe(true);
  });

  describe('on the sample report', () => {
    const sample = renderLatencyMarkdown(sampleLatencyReport());

    it('has three scenarios with three load levels of ten providers each', () => {
      expect(sample.split('\n').filter((l) => l.startsWith('## ') && l.includes('.'))).toEqual([
        '## stream.text',
        '## tools.stream',
        '## chat.basic',
      ]);
      expect(tableOf(sample, 'chat.basic', 'concurrency 64')).toHaveLength(12);
    });

    it('flags the skewed cell and the failing one', () => {
      const skewed = tableOf(sample, SAMPLE_SKEWED.scenario, `concurrency ${SAMPLE_SKEWED.concurrency}`);
      expect(skewed.find((r) => r[0] === SAMPLE_SKEWED.provider)!.at(-1)).toBe('⚠');
      const failing = tableOf(sample, SAMPLE_ERRORS.scenario, `concurrency ${SAMPLE_ERRORS.concurrency}`);
      expect(failing.find((r) => r[0] === SAMPLE_ERRORS.provider)![13]).toBe(
        '23% rate-limited 6, timeout 2 +1 more',
      );
    });
  });
});
