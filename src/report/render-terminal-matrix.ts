import Table from 'cli-table3';
import type { FaultGrid } from './fault-grid.ts';
import {
  buildMatrix,
  type CellMark,
  FOOTNOTE_SECTIONS,
  type Footnote,
  type FootnoteSection,
  legendEntries,
  type Matrix,
  type MatrixCell,
  scenarioGroup,
} from './matrix-cells.ts';
import type { RunReport } from './run-report.ts';
import { runFacts, summaryParts, verdict } from './run-summary.ts';
import { cutToWidth, type Paint, type Palette, terminalPalette } from './terminal-paint.ts';

export interface TerminalMatrixOptions {
  color: boolean;
  /** Terminal columns the table should fit in; long model names are cut to make room. Default 160. */
  width?: number;
}

const DEFAULT_WIDTH = 160;
const MIN_MODEL_WIDTH = 8;
const MAX_GROUP_LABEL = 8;

function markPaint(mark: CellMark, p: Palette): Paint {
  switch (mark) {
    case 'pass':
    case 'deviation':
      return p.green;
    case 'fail':
    case 'error':
      return p.red;
    case 'known-gap':
      return p.yellow;
    case 'unexpected-pass':
      return p.cyan;
    default:
      return p.dim;
  }
}

const SECTION_MARK: Record<FootnoteSection, CellMark> = {
  'fails-ci': 'fail',
  'unexpected-pass': 'unexpected-pass',
  'known-gap': 'known-gap',
  deviation: 'deviation',
  skipped: 'skipped',
};

/** Display width: every symbol the matrix uses is one column wide, so code points suffice. */
const widthOf = (text: string) => [...text].length;

/** `a` … `z`, `aa`, `ab` …: column keys, letters so they never read as footnote numbers. */
export function columnKey(index: number): string {
  let key = '';
  let n = index;
  do {
    key = String.fromCharCode(97 + (n % 26)) + key;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return key;
}

/** Items laid out left to right, wrapped at `width`, continuation lines indented under the first item. */
function flow(label: string, items: { plain: string; shown: string }[], width: number): string[] {
  const indent = ' '.repeat(widthOf(label));
  const lines: string[] = [];
  let line = label;
  let lineWidth = widthOf(label);
  let empty = true;
  for (const item of items) {
    const gap = empty ? 0 : 3;
    if (!empty && lineWidth + gap + widthOf(item.plain) > width) {
      lines.push(line);
      line = indent;
      lineWidth = indent.length;
      empty = true;
    }
    line += `${empty ? '' : '   '}${item.shown}`;
    lineWidth += (empty ? 0 : 3) + widthOf(item.plain);
    empty = false;
  }
  lines.push(line);
  return lines;
}

function cellText(symbol: string, footnote: number | undefined): string {
  return footnote === undefined ? symbol : `${symbol} ${footnote}`;
}

function renderTable(matrix: Matrix, p: Palette, width: number): string {
  const { columns, rows } = matrix;
  const keys = columns.map((_, i) => columnKey(i));
  const cellWidth = Math.max(
    1,
    ...keys.map(widthOf),
    ...rows.flatMap((row) => row.cells.map((cell) => widthOf(cellText(cell.symbol, cell.footnote)))),
  );
  const groups: { label: string; first: number; span: number }[] = [];
  columns.forEach((column, i) => {
    const label = scenarioGroup(column.id);
    const last = groups.at(-1);
    if (last && last.label === label) last.span++;
    else groups.push({ label, first: i, span: 1 });
  });
  // A group label wider than its columns widens them a little (`output` over one column), then is cut.
  const widths = columns.map(() => cellWidth);
  for (const group of groups) {
    const room = group.span * cellWidth + (group.span - 1) * 3;
    const extra = Math.min(widthOf(group.label), MAX_GROUP_LABEL) - room;
    for (let k = 0; k < extra; k++) widths[group.first + (k % group.span)]! += 1;
  }
  const spanWidth = (group: { first: number; span: number }) =>
    widths.slice(group.first, group.first + group.span).reduce((sum, w) => sum + w, 0) + (group.span - 1) * 3;

  const idWidth = Math.max(widthOf('provider'), ...rows.map((row) => widthOf(row.id)));
  const modelWidth = Math.max(widthOf('model'), ...rows.map((row) => widthOf(row.model)));
  // Table width: a border before every column and one at the end, one space of padding on either side of each cell.
  const fixedWidth = 1 + (idWidth + 3) + widths.reduce((sum, w) => sum + w + 3, 0) + 3;
  const shownModelWidth = Math.min(modelWidth, Math.max(MIN_MODEL_WIDTH, width - fixedWidth));

  const table = new Table({
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    colWidths: [idWidth + 2, shownModelWidth + 2, ...widths.map((w) => w + 2)],
    wordWrap: false,
  });
  table.push([
    { content: p.bold('provider'), rowSpan: 2, vAlign: 'bottom' },
    { content: p.bold('model'), rowSpan: 2, vAlign: 'bottom' },
    ...groups.map((group) => ({
      content: p.bold(cutToWidth(group.label, spanWidth(group))),
      colSpan: group.span,
      hAlign: 'center' as const,
    })),
  ]);
  table.push(keys.map((key) => ({ content: p.bold(key), hAlign: 'center' as const })));
  for (const row of rows) {
    table.push([
      row.id,
      cutToWidth(row.model, shownModelWidth),
      ...row.cells.map((cell) => cellText(markPaint(cell.mark, p)(cell.symbol), cell.footnote)),
    ]);
  }
  return table.toString();
}

function faultCellText(cell: MatrixCell, p: Palette): { plain: string; shown: string } {
  const label = cell.label === undefined ? '' : ` ${cell.label}`;
  const note = cell.footnote === undefined ? '' : ` ${cell.footnote}`;
  return {
    plain: `${cell.symbol}${label}${note}`,
    shown: `${markPaint(cell.mark, p)(`${cell.symbol}${label}`)}${note}`,
  };
}

/** The fault section: a row per fault, a column per provider, each cell the mark and the classification. */
function renderFaultTable(grid: FaultGrid, p: Palette): string {
  const cells = grid.rows.map((row) => row.cells.map((cell) => faultCellText(cell, p)));
  const widths = grid.columns.map((column, i) =>
    Math.max(
      widthOf(column.id),
      widthOf(column.protocol),
      ...cells.map((row) => widthOf(row[i]?.plain ?? '')),
    ),
  );
  const faultWidth = Math.max(widthOf('fault'), ...grid.rows.map((row) => widthOf(row.kind)));
  const table = new Table({
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    colWidths: [faultWidth + 2, ...widths.map((w) => w + 2)],
    wordWrap: false,
  });
  table.push([
    { content: p.bold('fault'), rowSpan: 2, vAlign: 'bottom' },
    ...grid.columns.map((column) => ({ content: p.bold(column.id), hAlign: 'center' as const })),
  ]);
  table.push(grid.columns.map((column) => ({ content: p.dim(column.protocol), hAlign: 'center' as const })));
  grid.rows.forEach((row, r) => {
    table.push([row.kind, ...(cells[r] ?? []).map((cell) => cell.shown)]);
  });
  return table.toString();
}

function renderFootnote(footnote: Footnote, p: Palette): string[] {
  const number = markPaint(SECTION_MARK[footnote.section], p)(`[${footnote.number}]`);
  const indent = ' '.repeat(widthOf(`[${footnote.number}] `));
  const lines: string[] = [];
  footnote.items.forEach((item, i) => {
    const tag = item.tag ? ` (${item.tag})` : '';
    const text = `${item.code}${tag} — ${item.message}`;
    lines.push(i === 0 ? `${number} ${footnote.where}: ${text}` : `${indent}${text}`);
    if (item.evidence !== undefined) lines.push(`${indent}${p.dim(`evidence: ${item.evidence}`)}`);
  });
  if (footnote.gapReason) lines.push(`${indent}catalog: ${footnote.gapReason}`);
  return lines;
}

/** The capability matrix for a terminal: the table, its keys and legend, footnotes, and a one-line summary. */
export function renderTerminalMatrix(report: RunReport, options: TerminalMatrixOptions): string {
  const p = terminalPalette(options.color);
  const width = options.width ?? DEFAULT_WIDTH;
  const matrix = buildMatrix(report);
  const out: string[] = [p.bold(`Capability matrix · ${runFacts(report).join(' · ')}`)];

  const hasTable = matrix.rows.length > 0 && matrix.columns.length > 0;
  const legend = flow(
    'Legend:    ',
    legendEntries(matrix).map((entry) => ({
      plain: `${entry.symbol} ${entry.meaning}`,
      shown: `${markPaint(entry.mark, p)(entry.symbol)} ${entry.meaning}`,
    })),
    width,
  );
  if (!hasTable && !matrix.faults) {
    out.push('No cases in this run.');
  }
  if (hasTable) {
    out.push(renderTable(matrix, p, width));
    out.push(
      ...flow(
        'Scenarios: ',
        matrix.columns.map((column, i) => {
          const text = `${columnKey(i)} ${column.id}`;
          return { plain: text, shown: text };
        }),
        width,
      ),
    );
    out.push(...legend);
  }
  if (matrix.faults) {
    out.push(
      '',
      p.bold(
        "Faults · one provider per protocol · each cell: the harness's classification of the injected fault",
      ),
      renderFaultTable(matrix.faults, p),
      ...flow(
        'Reading:   ',
        [
          '✓ classified as injected',
          '✓* classified, but the adapter returned an answer as if nothing had happened',
          '✗ misclassified (fails CI)',
        ].map((text) => ({ plain: text, shown: text })),
        width,
      ),
    );
  }
  if (!hasTable && matrix.faults) {
    out.push(...legend);
  }

  for (const { section, title } of FOOTNOTE_SECTIONS) {
    const notes = matrix.footnotes.filter((f) => f.section === section);
    if (notes.length === 0) continue;
    out.push('', p.bold(title));
    for (const footnote of notes) out.push(...renderFootnote(footnote, p));
  }

  const ci = verdict(report);
  out.push('', `${summaryParts(report).join(' · ')} · ${ci.fails ? p.red(ci.text) : p.green(ci.text)}`);
  return out.join('\n');
}
