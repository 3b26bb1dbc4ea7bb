import type { FaultGrid } from '../fault-grid.ts';
import type { CellMark, MatrixCell } from '../matrix-cell.ts';
import { columnGroups, type Footnote, legendEntries, type Matrix, scenarioLabel } from '../matrix-cells.ts';
import { escapeHtml as h } from './escape-html.ts';

/** The word under a cell's symbol: with the symbol, it carries the outcome without colour. */
export const CELL_WORDS: Readonly<Record<CellMark, string>> = {
  pass: 'pass',
  deviation: 'deviation',
  fail: 'fail',
  'known-gap': 'known gap',
  'unexpected-pass': 'unexpected',
  skipped: 'skipped',
  error: 'error',
  missing: 'no result',
};

export interface CellContext {
  anchors: ReadonlyMap<MatrixCell, string>;
  footnotes: ReadonlyMap<number, Footnote>;
}

function cellTitle(where: string, cell: MatrixCell, footnote: Footnote | undefined): string {
  const first = footnote?.items[0];
  const finding = first ? ` · ${first.code}` : '';
  return `${where}: ${CELL_WORDS[cell.mark]}${finding}`;
}

/** One `<td>`: symbol and word (or the fault classification), linked to its details entry when it has one. */
function renderCell(cell: MatrixCell, provider: string, scenario: string, context: CellContext): string {
  const anchor = context.anchors.get(cell);
  const footnote = cell.footnote === undefined ? undefined : context.footnotes.get(cell.footnote);
  const word = cell.label ?? CELL_WORDS[cell.mark];
  const inner = `<span class="sym">${h(cell.symbol)}</span><span class="txt">${h(word)}</span>`;
  const title = h(cellTitle(`${provider} › ${scenario}`, cell, footnote));
  const body = anchor
    ? `<a href="#${anchor}" title="${title}">${inner}</a>`
    : `<span title="${title}">${inner}</span>`;
  return `<td class="cell ${cell.mark}" data-provider="${h(provider)}" data-scenario="${h(scenario)}">${body}</td>`;
}

/** The column heads: each provider with the model it ran. */
function providerHeads(matrix: Matrix): string {
  return matrix.rows
    .map((row) => {
      const model = row.model === '' ? '' : `<code class="model">${h(row.model)}</code>`;
      return `<th scope="col" class="provider" data-provider="${h(row.id)}">${h(row.id)}${model}</th>`;
    })
    .join('');
}

/**
 * Scenarios down, one `<tbody>` per group (`tools`) under a header row of its own; providers across. Forty
 * scenarios make the table long rather than wide; every row and cell says what it is.
 */
export function renderMatrixTable(matrix: Matrix, context: CellContext): string {
  const span = matrix.rows.length + 1;
  const bodies = columnGroups(matrix.columns)
    .map((group) => {
      const header =
        group.name === ''
          ? ''
          : `<tr class="group"><th scope="rowgroup" colspan="${span}">${h(group.name)}</th></tr>\n`;
      const rows = group.columns
        .map((column, i) => {
          const title = column.title ? `${column.id} — ${column.title}` : column.id;
          const label = group.name === '' ? column.id : scenarioLabel(column.id);
          const what = column.title ? `<span class="title">${h(column.title)}</span>` : '';
          const cells = matrix.rows
            .map((row) => {
              const cell = row.cells[group.first + i];
              return cell ? renderCell(cell, row.id, column.id, context) : '<td></td>';
            })
            .join('');
          return (
            `<tr data-scenario="${h(column.id)}"><th scope="row" title="${h(title)}">` +
            `<code>${h(label)}</code>${what}</th>${cells}</tr>`
          );
        })
        .join('\n');
      return `<tbody data-group="${h(group.name)}">\n${header}${rows}\n</tbody>`;
    })
    .join('\n');
  return [
    '<div class="scroll"><table class="matrix">',
    '<caption>Scenarios down, by group; providers (with the model run) across. Every cell that is not a plain ' +
      'pass links to its details.</caption>',
    `<thead><tr><th scope="col">scenario</th>${providerHeads(matrix)}</tr></thead>`,
    bodies,
    '</table></div>',
  ].join('\n');
}

/** One row per fault, one column per provider (one per protocol): each cell is how the fault was classified. */
export function renderFaultTable(grid: FaultGrid, context: CellContext): string {
  const head = grid.columns
    .map(
      (c) =>
        `<th scope="col" class="provider" data-provider="${h(c.id)}">${h(c.id)}<span class="model">${h(c.protocol)}</span></th>`,
    )
    .join('');
  const rows = grid.rows
    .map((row) => {
      const title = row.title ? ` title="${h(`${row.id} — ${row.title}`)}"` : '';
      const cells = row.cells
        .map((cell, i) => renderCell(cell, grid.columns[i]?.id ?? '', row.id, context))
        .join('');
      return `<tr data-scenario="${h(row.id)}"><th scope="row"${title}><code>${h(row.kind)}</code></th>${cells}</tr>`;
    })
    .join('\n');
  return [
    '<div class="scroll"><table class="matrix faults">',
    '<caption>One provider per protocol. ✓ classified as injected · ✓* classified, but the adapter returned an ' +
      'answer as if nothing had happened (or, on a harmless framing, broke) · ✗ misclassified (fails CI).</caption>',
    `<thead><tr><th scope="col">fault</th>${head}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table></div>',
  ].join('\n');
}

/** What each symbol means, drawn as the cells draw it. */
export function renderLegend(matrix: Pick<Matrix, 'marks'>): string {
  const items = legendEntries(matrix)
    .map((entry) => `<li><span class="sym ${entry.mark}">${h(entry.symbol)}</span>${h(entry.meaning)}</li>`)
    .join('');
  return `<ul class="legend" aria-label="Legend">${items}</ul>`;
}
