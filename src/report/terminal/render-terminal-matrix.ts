import type { RunReport } from '../../core/run-report.ts';
import { summarize } from '../../core/summarize.ts';
import { describeProvenance } from '../describe-provenance.ts';
import type { FaultGrid } from '../fault-grid.ts';
import type { CellMark, MatrixCell } from '../matrix-cell.ts';
import {
  buildMatrix,
  columnGroups,
  FOOTNOTE_SECTIONS,
  type Footnote,
  type FootnoteSection,
  legendEntries,
  type Matrix,
  scenarioLabel,
} from '../matrix-cells.ts';
import { countsPhrases, runFacts, summaryParts, verdict } from '../run-summary.ts';
import { type GridCell, type GridRow, gridBlocks, renderGrid, renderKeyList } from './terminal-grid.ts';
import { type Paint, type Palette, terminalPalette } from './terminal-paint.ts';
import { displayWidth, type FlowItem, flow, wrap } from './terminal-text.ts';

export interface TerminalMatrixOptions {
  color: boolean;
  /**
   * The terminal's width in columns (`process.stdout.columns`): every line fits in it, the providers split into
   * blocks when they do not fit side by side. 80 when not given; below 40 it is laid out for 40.
   */
  columns?: number;
}

export const DEFAULT_COLUMNS = 80;
const MIN_COLUMNS = 40;

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

/**
 * `✗ᵏ12`: the symbol and its footnote number, with nothing between so the cell stays narrow. After the skip dash a
 * space keeps `– 6` from reading as minus six; a symbol that ends in a digit (`✗ 2/3` with --repeat) gets its
 * number in brackets, so the two never run together.
 */
function footnoteMark(symbol: string, footnote: number | undefined): string {
  if (footnote === undefined) return '';
  if (/\d$/.test(symbol)) return ` [${footnote}]`;
  return symbol.endsWith('–') ? ` ${footnote}` : `${footnote}`;
}

function cellText(cell: MatrixCell, p: Palette, extra = ''): GridCell {
  const note = footnoteMark(cell.symbol, cell.footnote);
  return {
    plain: `${cell.symbol}${note}${extra}`,
    shown: `${markPaint(cell.mark, p)(cell.symbol)}${note}${extra}`,
  };
}

/** Scenarios down, grouped under their group's header (`tools`, then `single`, `parallel` …); providers across. */
function mainRows(matrix: Matrix, p: Palette): GridRow[] {
  return columnGroups(matrix.columns).flatMap((group) => {
    const rows: GridRow[] = group.columns.map((column, i) => ({
      label: group.name === '' ? column.id : scenarioLabel(column.id),
      cells: matrix.rows.map((row) => {
        const cell = row.cells[group.first + i];
        return cell ? cellText(cell, p) : { plain: '', shown: '' };
      }),
    }));
    return group.name === '' ? rows : [{ group: group.name }, ...rows];
  });
}

/**
 * A fault cell: the mark and footnote, and the classification when it is not the fault the row injects (`labels`;
 * the cell's footnote names it too, so the grid can leave it out to keep the protocols side by side).
 */
function faultRows(grid: FaultGrid, p: Palette, labels: boolean): GridRow[] {
  return grid.rows.map((row) => ({
    label: row.kind,
    cells: row.cells.map((cell) =>
      cellText(
        cell,
        p,
        labels && cell.label !== undefined && cell.label !== row.kind ? ` ${cell.label}` : '',
      ),
    ),
  }));
}

function faultGrid(grid: FaultGrid, p: Palette, width: number): { lines: string[]; labels: boolean } {
  const spec = (labels: boolean) => ({
    corner: 'fault',
    keys: grid.columns.map((column) => column.key),
    rows: faultRows(grid, p, labels),
    width,
    bold: p.bold,
  });
  const labels = gridBlocks(spec(true)) === 1 || gridBlocks(spec(false)) > 1;
  return { lines: renderGrid(spec(labels)), labels };
}

const plainItems = (texts: readonly string[]): FlowItem[] => texts.map((plain) => ({ plain }));

/** A footnote's lines, each wrapped to the width under the text after its number. */
function renderFootnote(footnote: Footnote, p: Palette, width: number): string[] {
  const number = `[${footnote.number}]`;
  const indent = ' '.repeat(displayWidth(`${number} `));
  const lines: string[] = [];
  footnote.items.forEach((item, i) => {
    const tag = item.tag ? ` (${item.tag})` : '';
    const text = `${item.code}${tag} — ${item.message}`;
    if (i === 0) {
      const [first = '', ...rest] = wrap(`${footnote.where}: ${text}`, width, `${number} `, indent);
      lines.push(markPaint(SECTION_MARK[footnote.section], p)(number) + first.slice(number.length), ...rest);
    } else {
      lines.push(...wrap(text, width, indent));
    }
    if (item.evidence !== undefined) {
      const evidence = wrap(`evidence: ${item.evidence}`, width, indent, `${indent}          `);
      lines.push(...evidence.map((line) => `${indent}${p.dim(line.slice(indent.length))}`));
    }
  });
  if (footnote.observed) {
    const answered = wrap(footnote.observed, width, indent, `${indent}  `);
    lines.push(...answered.map((line) => `${indent}${p.dim(line.slice(indent.length))}`));
  }
  if (footnote.gapReason) lines.push(...wrap(`catalog: ${footnote.gapReason}`, width, indent, `${indent}  `));
  return lines;
}

/**
 * The capability matrix for a terminal, laid out for `columns`: the run and where its fixtures came from, the
 * providers' column keys, scenarios down and providers across (in blocks when they do not fit), the legend,
 * the fault section, footnotes, and the summary.
 */
export function renderTerminalMatrix(report: RunReport, options: TerminalMatrixOptions): string {
  const p = terminalPalette(options.color);
  const width = Math.max(MIN_COLUMNS, Math.floor(options.columns ?? DEFAULT_COLUMNS));
  const matrix = buildMatrix(report);
  const out: string[] = flow('', plainItems(['Capability matrix', ...runFacts(report)]), width, {
    separator: ' · ',
    indent: '  ',
  }).map((line) => p.bold(line));
  for (const line of describeProvenance(report)) out.push(...wrap(line, width, '', '  '));

  const hasTable = matrix.rows.length > 0 && matrix.columns.length > 0;
  if (!hasTable && !matrix.faults) out.push('', 'No cases in this run.');
  if (matrix.providers.length > 0) {
    const keys = matrix.providers.map((provider) => ({
      key: provider.key,
      id: provider.id,
      details: [provider.model],
    }));
    out.push('', p.bold('Providers (column key, id, model):'), ...renderKeyList(keys, width));
  }
  if (hasTable) {
    out.push(
      '',
      ...renderGrid({
        corner: 'scenario',
        keys: matrix.rows.map((row) => row.key),
        rows: mainRows(matrix, p),
        width,
        bold: p.bold,
      }),
    );
  }
  if (hasTable || matrix.faults) {
    const legend = legendEntries(matrix).map((entry) => ({
      plain: `${entry.symbol} ${entry.meaning}`,
      shown: `${markPaint(entry.mark, p)(entry.symbol)} ${entry.meaning}`,
      hang: displayWidth(entry.symbol) + 1,
    }));
    out.push('', ...flow('Legend: ', legend, width));
  }
  if (matrix.faults) {
    const grid = matrix.faults;
    const table = faultGrid(grid, p, width);
    out.push(
      '',
      ...wrap(
        "Faults · one provider per protocol · each cell: the harness's classification of the injected fault",
        width,
        '',
        '  ',
      ).map((line) => p.bold(line)),
      ...flow(
        'Protocols: ',
        plainItems(grid.columns.map((column) => `${column.key} ${column.protocol}`)),
        width,
      ),
      '',
      ...table.lines,
      ...flow(
        'Reading: ',
        plainItems([
          '✓ classified as injected',
          '✓* classified, but the adapter returned an answer as if nothing had happened (or, on a harmless framing, broke)',
          table.labels
            ? '✗ misclassified (fails CI), with what the harness saw instead'
            : '✗ misclassified (fails CI); its footnote says what the harness saw instead',
        ]).map((item) => ({ ...item, hang: 2 })),
        width,
      ),
    );
  }

  for (const { section, title } of FOOTNOTE_SECTIONS) {
    const notes = matrix.footnotes.filter((f) => f.section === section);
    if (notes.length === 0) continue;
    out.push('', ...wrap(title, width).map((line) => p.bold(line)));
    for (const footnote of notes) out.push(...renderFootnote(footnote, p, width));
  }

  // The summary breaks between its phrases (`11 known gaps,`), never inside one.
  const ci = verdict(report);
  const { total, items } = countsPhrases(summarize(report.cases));
  const summary: FlowItem[] = [
    ...items.map((item, i) => ({
      plain: `${i === 0 ? `${total}: ` : ''}${item}${i < items.length - 1 ? ',' : ''}`,
      separator: ' ',
    })),
    ...plainItems(summaryParts(report).slice(1)),
    { plain: ci.text, shown: ci.fails ? p.red(ci.text) : p.green(ci.text) },
  ];
  out.push('', ...flow('', summary, width, { separator: ' · ', indent: '  ' }));
  return out.join('\n');
}
