import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../catalog/providers.ts';
import type { Distribution } from '../../core/latency-report.ts';
import {
  makeDistribution,
  makeLatencyCell,
  makeLatencyReport,
  SAMPLE_ERRORS,
  SAMPLE_NO_ITL,
  SAMPLE_SKEWED,
  sampleLatencyReport,
} from '../../latency/test-support/make-latency-report.ts';
import { renderLatencyTerminal } from './render-latency-terminal.ts';

const ESC = '\u001b';
const stripAnsi = (text: string) => text.replaceAll(new RegExp(`${ESC}\\[\\d+m`, 'g'), '');

const dist = (fields: Partial<Distribution>): Distribution => ({ ...makeDistribution(100), ...fields });

/** The lines of the table under `heading`, up to the blank line after it. */
function tableUnder(output: string, heading: string): string[] {
  const lines = output.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The trimmed cells of the row whose first cell is `provider`. */
function rowCells(table: string[], provider: string): string[] {
  const line = table.find((l) => l.startsWith(`│ ${provider} `));
  if (!line) throw new Error(`no row for ${provider}`);
  return line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function exactReport() {
  return makeLatencyReport([
    makeLatencyCell({
      provider: 'alpha',
      scenario: 'stream.text',
      model: 'model-a',
      concurrency: 8,
      ttftMs: dist({ p50: 8.44, p90: 9.96, p99: 123.5 }),
      itlMs: dist({ p50: 0.456, p99: 1.04 }),
      e2eMs: dist({ p50: 1500.4, p99: 2999.5 }),
      outputTokensPerSecond: dist({ p50: 83.26 }),
      requestThroughput: 0.456,
      tokenThroughput: 62.4,
      requests: 40,
    }),
    makeLatencyCell({
      provider: 'beta',
      scenario: 'stream.text',
      model: 'model-b',
      concurrency: 8,
      ttftMs: dist({ p50: 250, p90: 400, p99: 610 }),
      itlMs: undefined,
      e2eMs: dist({ p50: 260, p99: 640 }),
      outputTokensPerSecond: undefined,
      tokenSource: 'estimate',
      requestThroughput: 12.25,
      tokenThroughput: 1234.5,
      requests: 128,
      errors: 3,
      errorRate: 3 / 128,
      errorKinds: { timeout: 3 },
    }),
    makeLatencyCell({ provider: 'alpha', scenario: 'stream.text', model: 'model-a', concurrency: 1 }),
  ]);
}

describe('renderLatencyTerminal', () => {
  const plain = renderLatencyTerminal(exactReport(), { color: false });

  it('puts each figure in its column, rounded: one decimal under 10, whole numbers above', () => {
    const table = tableUnder(plain, 'stream.text · concurrency 8');
    expect(rowCells(table, 'alpha')).toEqual([
      'alpha',
      '8.4',
      '10',
      '124',
      '0.5',
      '1.0',
      '1500',
      '3000',
      '83',
      '0.46',
      '62',
      '40',
      '0',
      'usage',
      '',
    ]);
    expect(rowCells(table, 'beta')).toEqual([
      'beta',
      '250',
      '400',
      '610',
      '–',
      '–',
      '260',
      '640',
      '–',
      '12',
      '1235',
      '128',
      '2.3% timeout 3',
      'estimate',
      '',
    ]);
  });

  it('has a table per scenario and load level, lowest load first, with units in the headers', () => {
    const headings = plain.split('\n').filter((l) => l.startsWith('stream.text · '));
    expect(headings).toEqual(['stream.text · concurrency 1', 'stream.text · concurrency 8']);
    const header = tableUnder(plain, 'stream.text · concurrency 1').join('\n');
    for (const unit of ['TTFT ms', 'ITL ms', 'E2E ms', 'out tok/s', 'req/s', 'tok/s'])
      expect(header).toContain(unit);
  });

  it('right-aligns the numbers', () => {
    const table = tableUnder(plain, 'stream.text · concurrency 8');
    const alpha = table.find((l) => l.startsWith('│ alpha '))!;
    const beta = table.find((l) => l.startsWith('│ beta '))!;
    // The TTFT p99 column: both values end at the same place.
    expect(alpha.indexOf('124 │') + 3).toBe(beta.indexOf('610 │') + 3);
  });

  it('lists the models once, above the tables', () => {
    expect(plain.split('\n')[1]).toBe('Models: alpha model-a · beta model-b');
  });

  it('writes no ANSI escapes without color, and the same text with color once they are stripped', () => {
    expect(plain).not.toContain(ESC);
    const colored = renderLatencyTerminal(exactReport(), { color: true });
    expect(colored).toContain(`${ESC}[31m`);
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('is deterministic', () => {
    const report = exactReport();
    expect(renderLatencyTerminal(report, { color: false })).toBe(plain);
    expect(renderLatencyTerminal(JSON.parse(JSON.stringify(report)), { color: false })).toBe(plain);
  });

  it('shows control characters from the report as escapes, never raw', () => {
    const report = makeLatencyReport([
      makeLatencyCell({
        provider: `evil${ESC}[2J`,
        scenario: 'stream.text',
        errors: 1,
        errorKinds: { [`x${ESC}`]: 1 },
      }),
    ]);
    const out = renderLatencyTerminal(report, { color: false });
    expect(out).not.toContain(ESC);
    expect(out).toContain('evil\\x1b[2J');
  });

  describe('on the sample report', () => {
    const sample = renderLatencyTerminal(sampleLatencyReport(), { color: false });
    const heading = (where: { scenario: string; concurrency: number }) =>
      `${where.scenario} · concurrency ${where.concurrency}`;

    it('has ten providers in each of nine tables', () => {
      const tables = sample.split('\n').filter((l) => / · concurrency \d+$/.test(l));
      expect(tables).toHaveLength(9);
      const rows = tableUnder(sample, heading(SAMPLE_SKEWED)).filter((l) => /^│ [a-z]/.test(l));
      expect(rows.map((l) => l.split('│')[1]!.trim())).toEqual(['provider', ...PROVIDERS.map((p) => p.id)]);
    });

    it('flags the skewed cell, and only it, with ⚠ and a note', () => {
      const cells = rowCells(tableUnder(sample, heading(SAMPLE_SKEWED)), SAMPLE_SKEWED.provider);
      expect(cells.at(-1)).toBe('⚠');
      expect(sample.split('\n').filter((l) => l.startsWith('│') && l.includes('⚠'))).toHaveLength(1);
      expect(sample).toContain(
        '⚠ ollama › stream.text › c=64: event-loop delay p99 49 ms, max 131 ms while this cell ran; ' +
          'its timings may be inflated.',
      );
    });

    it('gives the error rate and top kinds in the row, every kind in the notes', () => {
      const cells = rowCells(tableUnder(sample, heading(SAMPLE_ERRORS)), SAMPLE_ERRORS.provider);
      expect(cells.at(-3)).toBe('23% rate-limited 6 +2 more');
      expect(sample).toContain(
        '✗ together › chat.basic › c=64: 9 of 40 requests failed (23%): rate-limited 6, timeout 2, server-error 1.',
      );
    });

    it('shows a dash where a cell has no ITL or output speed', () => {
      const cells = rowCells(tableUnder(sample, heading(SAMPLE_NO_ITL)), SAMPLE_NO_ITL.provider);
      expect(cells.slice(4, 6)).toEqual(['–', '–']);
      expect(cells[8]).toBe('–');
      expect(cells[1]).not.toBe('–');
    });

    it('stays within 150 columns', () => {
      expect(Math.max(...sample.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(150);
    });
  });

  it('says so when there are no cells, or the run was interrupted', () => {
    const out = renderLatencyTerminal(makeLatencyReport([], { complete: false }), { color: false });
    expect(out).toContain('No cells in this run.');
    expect(out).toContain('Partial report: the run was interrupted; 0 cells measured.');
  });

  it('says why a partial run stopped, how many cells it measured and how many were cut short', () => {
    const cells = [
      makeLatencyCell({ provider: 'openai', scenario: 'chat.basic' }),
      makeLatencyCell({ provider: 'openai', scenario: 'stream.text', requests: 3, partial: true }),
    ];
    const report = makeLatencyReport(cells, {
      complete: false,
      stopped: 'interrupted by SIGTERM',
      cellsPlanned: 6,
    });
    expect(renderLatencyTerminal(report, { color: false })).toContain(
      'Partial report: interrupted by SIGTERM; 2 of 6 cells measured, 1 of them cut short (fewer requests than asked).',
    );
  });

  it('says when --clock local fell back to the tap clock, and why', () => {
    const cells = [makeLatencyCell({ provider: 'openai', scenario: 'chat.basic' })];
    const report = makeLatencyReport(cells, { clock: 'tap', clockFallback: 'no headers event came' });
    const out = renderLatencyTerminal(report, { color: false });
    expect(out).toContain('live mode, tap clock');
    expect(out).toContain(
      "--clock local was not used: undici's diagnostics channels failed the self-check at start (no headers " +
        "event came), so chunk times are the wire tap's own reads (tap clock), later than the socket under load.",
    );
  });
});
