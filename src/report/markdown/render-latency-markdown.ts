import type { LatencyCell, LatencyReport } from '../../core/latency-report.ts';
import { printable } from '../printable.ts';
import {
  errorSummary,
  formatMs,
  formatRate,
  groupCells,
  type LoadGroup,
  latencyRunFacts,
  SKEW_FLAG,
} from '../render-latency-format.ts';
import {
  cellNotes,
  clockFallbackText,
  METRIC_DEFINITIONS,
  methodologyCaveats,
  PERCENTILE_NOTE,
  partialText,
} from '../render-latency-text.ts';
import { escapeMarkdown, tableCodeSpan } from './escape-markdown.ts';

const text = (value: string) => escapeMarkdown(printable(value));

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

const NUMBER_COLUMNS: readonly { head: string; value: (cell: LatencyCell) => string }[] = [
  { head: 'TTFT p50 ms', value: (c) => formatMs(c.ttftMs?.p50) },
  { head: 'TTFT p90 ms', value: (c) => formatMs(c.ttftMs?.p90) },
  { head: 'TTFT p99 ms', value: (c) => formatMs(c.ttftMs?.p99) },
  { head: 'ITL p50 ms', value: (c) => formatMs(c.itlMs?.p50) },
  { head: 'ITL p99 ms', value: (c) => formatMs(c.itlMs?.p99) },
  { head: 'E2E p50 ms', value: (c) => formatMs(c.e2eMs?.p50) },
  { head: 'E2E p99 ms', value: (c) => formatMs(c.e2eMs?.p99) },
  { head: 'out tok/s p50', value: (c) => formatRate(c.outputTokensPerSecond?.p50) },
  { head: 'run req/s', value: (c) => formatRate(c.requestThroughput) },
  { head: 'run tok/s', value: (c) => formatRate(c.tokenThroughput) },
  { head: 'n', value: (c) => String(c.requests) },
];

function renderTable(level: LoadGroup): string[] {
  const header = ['provider', 'model', ...NUMBER_COLUMNS.map((c) => c.head), 'errors', 'tokens', 'loop'];
  const align = [':--', ':--', ...NUMBER_COLUMNS.map(() => '--:'), ':--', ':--', ':-:'];
  return [
    tableRow(header),
    tableRow(align),
    ...level.cells.map((cell) =>
      tableRow([
        text(cell.provider),
        cell.model === '' ? '' : tableCodeSpan(printable(cell.model)),
        ...NUMBER_COLUMNS.map((column) => column.value(cell)),
        escapeMarkdown(errorSummary(cell)),
        cell.tokenSource,
        cell.eventLoop.skewed ? SKEW_FLAG : '',
      ]),
    ),
  ];
}

/** The latency report as a GitHub-flavoured Markdown document; the same report always gives the same bytes. */
export function renderLatencyMarkdown(report: LatencyReport): string {
  const out: string[] = [
    '# llmcompat latency report',
    '',
    escapeMarkdown(latencyRunFacts(report).join(' · ')),
    '',
  ];
  const partial = partialText(report);
  if (partial !== undefined) out.push(`**${escapeMarkdown(partial)}**`, '');
  const fallback = clockFallbackText(report);
  if (fallback !== undefined) out.push(`**${escapeMarkdown(fallback)}**`, '');

  out.push('## How to read it', '');
  for (const { term, text: meaning } of METRIC_DEFINITIONS)
    out.push(`- **${term}**: ${escapeMarkdown(meaning)}`);
  out.push(
    '',
    `${escapeMarkdown(PERCENTILE_NOTE)} Run req/s and run tok/s are the throughput of the whole cell; ` +
      `${SKEW_FLAG} in the loop column flags a cell whose timings the harness's own event loop may have inflated.`,
    '',
  );

  const scenarios = groupCells(report);
  if (scenarios.length === 0) out.push('No cells in this run.', '');
  for (const { scenario, levels } of scenarios) {
    out.push(`## ${text(scenario)}`, '');
    for (const level of levels) out.push(`### ${escapeMarkdown(level.title)}`, '', ...renderTable(level), '');
  }

  const notes = cellNotes(
    report,
    scenarios.flatMap((s) => s.levels.flatMap((l) => l.cells)),
  );
  if (notes.length > 0) {
    out.push('## Notes', '');
    for (const note of notes) {
      out.push(`- ${note.kind === 'skewed' ? `${SKEW_FLAG} ` : ''}${escapeMarkdown(note.text)}`);
    }
    out.push('');
  }

  out.push(
    '## Methodology',
    '',
    ...methodologyCaveats(report).map((caveat) => `- ${escapeMarkdown(caveat)}`),
    '',
  );
  return `${out.join('\n').trimEnd()}\n`;
}
