import { escapeHtml as h } from '../bench/render-html-escape.ts';
import type { FaultGrid } from './fault-grid.ts';
import {
  type CellMark,
  type Footnote,
  legendEntries,
  type Matrix,
  type MatrixCell,
  scenarioGroup,
} from './matrix-cells.ts';

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
  return `<td class="cell ${cell.mark}" data-scenario="${h(scenario)}">${body}</td>`;
}

/** Consecutive columns of the same group (`tools.single`, `tools.stream` → `tools`), for the top header row. */
function columnGroups(ids: readonly string[]): { name: string; span: number }[] {
  const groups: { name: string; span: number }[] = [];
  for (const id of ids) {
    const name = scenarioGroup(id);
    const last = groups.at(-1);
    if (last && last.name === name) last.span++;
    else groups.push({ name, span: 1 });
  }
  return groups;
}

const afterGroup = (id: string) => {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(dot + 1);
};

/** Providers down, scenarios across, grouped by the part before the dot; each row and cell says what it is. */
export function renderMatrixTable(matrix: Matrix, context: CellContext): string {
  const groups = columnGroups(matrix.columns.map((c) => c.id))
    .map((g) => `<th scope="colgroup" colspan="${g.span}" class="group">${h(g.name)}</th>`)
    .join('');
  const subs = matrix.columns
    .map((c) => {
      const title = c.title ? `${c.id} — ${c.title}` : c.id;
      return `<th scope="col" class="sub" data-scenario="${h(c.id)}" title="${h(title)}">${h(afterGroup(c.id))}</th>`;
    })
    .join('');
  const rows = matrix.rows
    .map((row) => {
      const model = row.model === '' ? '' : `<code class="model">${h(row.model)}</code>`;
      const cells = row.cells
        .map((cell, i) => renderCell(cell, row.id, matrix.columns[i]?.id ?? '', context))
        .join('');
      return `<tr data-provider="${h(row.id)}"><th scope="row">${h(row.id)}${model}</th>${cells}</tr>`;
    })
    .join('\n');
  return [
    '<div class="scroll"><table class="matrix">',
    '<caption>Providers (with the model run) down, scenarios across. Every cell that is not a plain pass links ' +
      'to its details.</caption>',
    `<thead><tr><th scope="col" rowspan="2">provider</th>${groups}</tr><tr>${subs}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table></div>',
  ].join('\n');
}

/** One row per fault, one column per provider (one per protocol): each cell is how the fault was classified. */
export function renderFaultTable(grid: FaultGrid, context: CellContext): string {
  const head = grid.columns
    .map(
      (c) =>
        `<th scope="col" data-provider="${h(c.id)}">${h(c.id)}<span class="model">${h(c.protocol)}</span></th>`,
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
      'answer as if nothing had happened · ✗ misclassified (fails CI).</caption>',
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
