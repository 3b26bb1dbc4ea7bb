import Table from 'cli-table3';
import type { LatencyCell, LatencyReport } from '../../core/latency-report.ts';
import { printable } from '../printable.ts';
import {
  errorSummary,
  formatMs,
  formatRate,
  groupCells,
  type LoadGroup,
  latencyRunFacts,
  NO_VALUE,
  providersOf,
  SKEW_FLAG,
} from '../render-latency-format.ts';
import { cellNotes, clockFallbackText, partialText } from '../render-latency-text.ts';
import { cutToWidth, type Palette, terminalPalette } from './terminal-paint.ts';

export interface LatencyTerminalOptions {
  color: boolean;
}

const WIDTH = 120;
const MAX_ERRORS_WIDTH = 26;

// Rows after the first of a block are drawn without the line above them, so a table reads as a block of figures.
const NO_LINE_ABOVE = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** The error rate with as many of the top kinds as fit the column; the notes list them all. */
function fittedErrorSummary(cell: LatencyCell): string {
  for (let kinds = 3; kinds > 0; kinds--) {
    const text = errorSummary(cell, kinds);
    if ([...text].length <= MAX_ERRORS_WIDTH) return text;
  }
  return cutToWidth(errorSummary(cell, 1), MAX_ERRORS_WIDTH);
}

interface Column {
  group: string;
  head: string;
  value: (cell: LatencyCell) => string;
}

const COLUMNS: readonly Column[] = [
  { group: 'TTFT ms', head: 'p50', value: (c) => formatMs(c.ttftMs?.p50) },
  { group: 'TTFT ms', head: 'p90', value: (c) => formatMs(c.ttftMs?.p90) },
  { group: 'TTFT ms', head: 'p99', value: (c) => formatMs(c.ttftMs?.p99) },
  { group: 'ITL ms', head: 'p50', value: (c) => formatMs(c.itlMs?.p50) },
  { group: 'ITL ms', head: 'p99', value: (c) => formatMs(c.itlMs?.p99) },
  { group: 'E2E ms', head: 'p50', value: (c) => formatMs(c.e2eMs?.p50) },
  { group: 'E2E ms', head: 'p99', value: (c) => formatMs(c.e2eMs?.p99) },
  { group: 'out tok/s', head: 'p50', value: (c) => formatRate(c.outputTokensPerSecond?.p50) },
  { group: 'throughput', head: 'req/s', value: (c) => formatRate(c.requestThroughput) },
  { group: 'throughput', head: 'tok/s', value: (c) => formatRate(c.tokenThroughput) },
];

function renderLevel(level: LoadGroup, p: Palette): string {
  const table = new Table({ style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 } });
  const groups: { label: string; span: number }[] = [];
  for (const column of COLUMNS) {
    const last = groups.at(-1);
    if (last && last.label === column.group) last.span++;
    else groups.push({ label: column.group, span: 1 });
  }
  const single = (label: string, hAlign: 'left' | 'right' = 'left') => ({
    content: p.bold(label),
    rowSpan: 2,
    vAlign: 'bottom' as const,
    hAlign,
  });
  table.push([
    single('provider'),
    ...groups.map((group) => ({
      content: p.bold(group.label),
      colSpan: group.span,
      hAlign: 'center' as const,
    })),
    single('n', 'right'),
    single('errors'),
    single('tokens'),
    single('loop'),
  ]);
  table.push(COLUMNS.map((column) => ({ content: p.bold(column.head), hAlign: 'right' as const })));
  level.cells.forEach((cell, i) => {
    const chars = i === 0 ? {} : NO_LINE_ABOVE;
    const number = (text: string) => ({
      content: text === NO_VALUE ? p.dim(text) : text,
      hAlign: 'right' as const,
      chars,
    });
    const errors = fittedErrorSummary(cell);
    const tokens = cell.tokenSource === 'usage' ? cell.tokenSource : p.yellow(cell.tokenSource);
    table.push([
      { content: printable(cell.provider), chars },
      ...COLUMNS.map((column) => number(column.value(cell))),
      number(String(cell.requests)),
      { content: cell.errors > 0 ? p.red(errors) : errors, chars },
      { content: tokens, chars },
      { content: cell.eventLoop.skewed ? p.yellow(SKEW_FLAG) : '', hAlign: 'center' as const, chars },
    ]);
  });
  return table.toString();
}

/** Phrases joined by ` · `, wrapped before `width`. */
function flow(phrases: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const phrase of phrases) {
    if (line !== '' && [...line].length + 3 + [...phrase].length > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? phrase : `${line} · ${phrase}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The latency report for a terminal: one table per scenario and load level (a row per provider), a legend, notes
 * on skewed cells and errors. No ANSI escapes unless `color`.
 */
export function renderLatencyTerminal(report: LatencyReport, options: LatencyTerminalOptions): string {
  const p = terminalPalette(options.color);
  const out: string[] = [p.bold(`Latency · ${latencyRunFacts(report).join(' · ')}`)];
  const scenarios = groupCells(report);
  const models = providersOf(report).map(
    ({ provider, model }) => `${printable(provider)} ${printable(model)}`,
  );
  if (models.length > 0)
    out.push(...flow(models, WIDTH).map((line, i) => `${i === 0 ? 'Models: ' : '        '}${line}`));
  if (scenarios.length === 0) out.push('', 'No cells in this run.');
  for (const { scenario, levels } of scenarios) {
    for (const level of levels) {
      out.push('', p.bold(`${printable(scenario)} · ${level.title}`), renderLevel(level, p));
    }
  }
  if (scenarios.length > 0) {
    out.push(
      '',
      ...flow(
        [
          'TTFT: time to first content',
          'ITL: mean gap between tokens',
          'E2E: until the stream closed',
          'out tok/s: output speed of one request',
          'throughput: the whole cell, per second of wall time',
          'n: measured requests (warm-up excluded)',
          "tokens: usage = the provider's count, estimate = from the text",
          `${SKEW_FLAG}: event loop delayed, timings may be inflated`,
          `${NO_VALUE}: no figure`,
        ],
        WIDTH,
      ),
    );
  }
  const notes = cellNotes(
    report,
    scenarios.flatMap((s) => s.levels.flatMap((l) => l.cells)),
  );
  if (notes.length > 0) {
    out.push('', p.bold('Notes'));
    for (const note of notes) {
      out.push(note.kind === 'skewed' ? `${p.yellow(SKEW_FLAG)} ${note.text}` : `${p.red('✗')} ${note.text}`);
    }
  }
  const fallback = clockFallbackText(report);
  if (fallback !== undefined) out.push('', p.yellow(fallback));
  const partial = partialText(report);
  if (partial !== undefined) out.push('', p.yellow(partial));
  return out.join('\n');
}
