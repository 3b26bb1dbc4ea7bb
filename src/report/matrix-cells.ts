import type { CaseResult } from '../core/case-result.ts';
import { trimEvidence } from '../core/diagnostic.ts';
import type { RunReport } from '../core/run-report.ts';
import { buildFaultGrid, type FaultGrid, faultLabel, isFaultCase } from './fault-grid.ts';
import { CELL_SYMBOLS, type CellMark, LEGEND, type MatrixCell } from './matrix-cell.ts';
import { observedSummary } from './observed-summary.ts';
import { printable } from './printable.ts';

export type FootnoteSection = 'fails-ci' | 'unexpected-pass' | 'known-gap' | 'deviation' | 'skipped';

/** Footnotes are numbered section by section, so what fails CI comes first and each section reads in order. */
export const FOOTNOTE_SECTIONS: readonly { section: FootnoteSection; title: string }[] = [
  { section: 'fails-ci', title: 'Fails CI' },
  { section: 'unexpected-pass', title: "Unexpected passes (the catalog says it can't: update it)" },
  { section: 'known-gap', title: 'Known gaps (CI stays green)' },
  { section: 'deviation', title: 'Tolerated deviations' },
  { section: 'skipped', title: 'Skipped' },
];

export interface FootnoteItem {
  code: string;
  message: string;
  evidence?: string;
  /** Set when the item is not what the footnote's section is about: a tolerated deviation on a failing cell. */
  tag?: 'tolerated' | 'note';
}

export interface Footnote {
  number: number;
  section: FootnoteSection;
  /** `provider › scenario`, or the cells a shared footnote (one skip reason) stands for. */
  where: string;
  items: FootnoteItem[];
  /** Why the catalog does not declare the capability (known gaps and unexpected passes). */
  gapReason?: string;
  /** A failing cell's answer on one line (`observedSummary`): what the provider said, which explains the failure. */
  observed?: string;
}

/** One provider and its cells, one per column (scenario); renderers draw it as a column of their table. */
export interface MatrixRow {
  id: string;
  model: string;
  /** The provider's short column key (`A`, `B` …), shared with the fault section. */
  key: string;
  cells: MatrixCell[];
}

export interface MatrixProvider {
  id: string;
  model: string;
  key: string;
}

export interface MatrixColumn {
  id: string;
  capability: string;
  title: string;
}

export interface Matrix {
  /** The scenarios, grouped: every scenario of a group (`tools.*`) next to the others, groups in report order. */
  columns: MatrixColumn[];
  /** The providers, in report order. */
  rows: MatrixRow[];
  /** Every provider of the main table and the fault section, in report order, with its column key. */
  providers: MatrixProvider[];
  /** The fault scenarios' own section, when the run has any. */
  faults?: FaultGrid;
  footnotes: Footnote[];
  /** Marks that occur in the matrix, for a legend that only explains what is shown. */
  marks: ReadonlySet<CellMark>;
}

/** Every scenario the matrix shows, its fault scenarios (capability `fault-handling`) after the rest. */
export function describedScenarios(matrix: Matrix): MatrixColumn[] {
  const faults = (matrix.faults?.rows ?? []).map((row) => ({
    id: row.id,
    capability: 'fault-handling',
    title: row.title,
  }));
  return [...matrix.columns, ...faults];
}

export function markOf(result: CaseResult | undefined): CellMark {
  if (!result) return 'missing';
  if (result.outcome === 'pass' && result.diagnostics.some((d) => d.severity === 'deviation'))
    return 'deviation';
  return result.outcome;
}

function sectionOf(mark: CellMark): FootnoteSection | undefined {
  switch (mark) {
    case 'fail':
    case 'error':
      return 'fails-ci';
    case 'unexpected-pass':
    case 'known-gap':
    case 'deviation':
    case 'skipped':
      return mark;
    default:
      return undefined;
  }
}

const SEVERITY_ORDER = { failure: 0, deviation: 1, info: 2 } as const;

function diagnosticItems(result: CaseResult, section: FootnoteSection): FootnoteItem[] {
  return [...result.diagnostics]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .map((d) => {
      const item: FootnoteItem = { code: printable(d.code), message: printable(d.message) };
      if (d.evidence !== undefined && d.evidence !== '') item.evidence = printable(trimEvidence(d.evidence));
      if (d.severity === 'info') item.tag = 'note';
      if (d.severity === 'deviation' && section !== 'deviation') item.tag = 'tolerated';
      return item;
    });
}

function cellItems(result: CaseResult, mark: CellMark, section: FootnoteSection): FootnoteItem[] {
  const items = diagnosticItems(result, section);
  const reason = result.reason ? printable(result.reason) : undefined;
  const hasFailure = result.diagnostics.some((d) => d.severity === 'failure');
  if (mark === 'error') {
    return [{ code: 'error', message: reason ?? 'the harness could not judge this case' }, ...items];
  }
  if ((mark === 'fail' || mark === 'known-gap') && !hasFailure) {
    return [{ code: 'fail', message: reason ?? 'failed without a diagnostic' }, ...items];
  }
  if (mark === 'unexpected-pass') {
    const message = 'passes, although the catalog lists this capability as a gap';
    return [{ code: 'unexpected-pass', message }, ...items];
  }
  return items;
}

/** `openai › all scenarios; cohere › chat.basic, stream.text`: the cells one shared footnote stands for. */
function describeCells(
  cells: readonly { provider: string; scenario: string }[],
  cellsPerProvider: ReadonlyMap<string, number>,
): string {
  const byProvider = new Map<string, string[]>();
  for (const { provider, scenario } of cells) {
    const scenarios = byProvider.get(provider) ?? [];
    scenarios.push(scenario);
    byProvider.set(provider, scenarios);
  }
  return [...byProvider]
    .map(([provider, scenarios]) =>
      scenarios.length === cellsPerProvider.get(provider) && scenarios.length > 1
        ? `${provider} › all scenarios`
        : `${provider} › ${scenarios.join(', ')}`,
    )
    .join('; ');
}

const cellKey = (provider: string, scenario: string) => `${provider}\u0000${scenario}`;

/**
 * The matrix both renderers draw: providers × scenarios in report order (plus any a case names that the report's
 * lists lack), each cell's mark, the fault scenarios as a section of their own, and the numbered footnotes of both.
 * A skip reason shared by several cells is one footnote.
 */
export function buildMatrix(report: RunReport): Matrix {
  const conformance = report.cases.filter((result) => !isFaultCase(result));
  const faultCases = report.cases.filter(isFaultCase);
  const providers = report.providers
    .filter((p) => conformance.some((result) => result.provider === p.id))
    .map((p) => ({ id: p.id, model: p.model }));
  const columns: MatrixColumn[] = report.scenarios
    .filter((s) => !isFaultCase(s))
    .map((s) => ({ id: s.id, capability: s.capability, title: s.title }));
  const byCell = new Map<string, CaseResult>();
  for (const result of conformance) {
    if (!providers.some((p) => p.id === result.provider)) {
      providers.push({ id: result.provider, model: result.model });
    }
    if (!columns.some((c) => c.id === result.scenario)) {
      columns.push({ id: result.scenario, capability: result.capability, title: '' });
    }
    const key = cellKey(result.provider, result.scenario);
    if (!byCell.has(key)) byCell.set(key, result);
  }

  const marks = new Set<CellMark>();
  const cellOf = (result: CaseResult | undefined): MatrixCell => {
    const mark = markOf(result);
    marks.add(mark);
    // With --repeat, the cell says how many attempts passed: `✗ 2/3` is a flaky cell, `✓ 3/3` a steady one.
    const attempts = result?.attempts;
    const symbol = attempts
      ? `${CELL_SYMBOLS[mark]} ${attempts.passed}/${attempts.total}`
      : CELL_SYMBOLS[mark];
    const cell: MatrixCell = { mark, symbol };
    if (result) cell.result = result;
    const label = faultLabel(result);
    if (label !== undefined) cell.label = label;
    return cell;
  };
  const grouped = groupedInOrder(columns);
  // One key per provider of either table, in report order, so a provider has the same key in both.
  const keyed = [
    ...report.providers.map((p) => p.id),
    ...providers.map((p) => p.id),
    ...faultCases.map((c) => c.provider),
  ].filter(
    (id, i, all) =>
      all.indexOf(id) === i &&
      (providers.some((p) => p.id === id) || faultCases.some((c) => c.provider === id)),
  );
  const keyOf = (id: string) => columnKey(Math.max(0, keyed.indexOf(id)));
  const matrixProviders: MatrixProvider[] = keyed.map((id) => {
    const listed = report.providers.find((p) => p.id === id);
    const model = listed?.model ?? report.cases.find((c) => c.provider === id)?.model ?? '';
    return { id: printable(id), model: printable(model), key: keyOf(id) };
  });
  const rows: MatrixRow[] = providers.map((provider) => ({
    id: printable(provider.id),
    model: printable(provider.model),
    key: keyOf(provider.id),
    cells: grouped.map((column) => cellOf(byCell.get(cellKey(provider.id, column.id)))),
  }));
  const shownColumns = grouped.map((column) => ({
    id: printable(column.id),
    capability: printable(column.capability),
    title: printable(column.title),
  }));
  const faults = faultCases.length > 0 ? buildFaultGrid(report, faultCases, cellOf, keyOf) : undefined;

  // Every cell in footnote order: the main table provider by provider (so a provider's footnotes read together),
  // then the fault section fault by fault.
  const placed: { cell: MatrixCell; provider: string; scenario: string }[] = [
    ...rows.flatMap((row) =>
      row.cells.map((cell, i) => ({ cell, provider: row.id, scenario: shownColumns[i]?.id ?? '' })),
    ),
    ...(faults?.rows ?? []).flatMap((row) =>
      row.cells.map((cell, i) => ({ cell, provider: faults?.columns[i]?.id ?? '', scenario: row.id })),
    ),
  ];
  const cellsPerProvider = new Map<string, number>();
  for (const { provider } of placed)
    cellsPerProvider.set(provider, (cellsPerProvider.get(provider) ?? 0) + 1);

  const footnotes: Footnote[] = [];
  for (const { section } of FOOTNOTE_SECTIONS) {
    // Cells that say the same thing share one footnote: a skip reason, or an error that is word for word another's
    // (an unreachable provider errs the same way in all its cells).
    const sharedGroups = new Map<
      string,
      { cells: MatrixCell[]; at: { provider: string; scenario: string }[]; items: FootnoteItem[] }
    >();
    for (const { cell, provider, scenario } of placed) {
      const result = cell.result;
      if (!result || sectionOf(cell.mark) !== section) continue;
      if (section === 'skipped' || cell.mark === 'error') {
        const items =
          section === 'skipped'
            ? [{ code: 'skipped', message: result.reason ? printable(result.reason) : 'no reason given' }]
            : cellItems(result, cell.mark, section);
        const signature = JSON.stringify(items);
        const group = sharedGroups.get(signature) ?? { cells: [], at: [], items };
        group.cells.push(cell);
        group.at.push({ provider, scenario });
        sharedGroups.set(signature, group);
        continue;
      }
      const footnote: Footnote = {
        number: footnotes.length + 1,
        section,
        where: `${provider} › ${scenario}`,
        items: cellItems(result, cell.mark, section),
      };
      if ((section === 'known-gap' || section === 'unexpected-pass') && result.gapReason) {
        footnote.gapReason = printable(result.gapReason);
      }
      const answered =
        cell.mark === 'fail' || cell.mark === 'known-gap' ? observedSummary(result.observed) : undefined;
      if (answered) footnote.observed = answered;
      cell.footnote = footnote.number;
      footnotes.push(footnote);
    }
    for (const group of sharedGroups.values()) {
      const number = footnotes.length + 1;
      for (const cell of group.cells) cell.footnote = number;
      footnotes.push({
        number,
        section,
        where: describeCells(group.at, cellsPerProvider),
        items: group.items,
      });
    }
  }

  const matrix: Matrix = { columns: shownColumns, rows, providers: matrixProviders, footnotes, marks };
  if (faults) matrix.faults = faults;
  return matrix;
}

/** The legend, always in full so runs read alike; `no result` only when a cell has none. */
export function legendEntries(
  matrix: Pick<Matrix, 'marks'>,
): { mark: CellMark; symbol: string; meaning: string }[] {
  return LEGEND.filter((entry) => entry.mark !== 'missing' || matrix.marks.has('missing')).map((entry) => ({
    ...entry,
    symbol: CELL_SYMBOLS[entry.mark],
  }));
}

/** `A` … `Z`, `AA`, `AB` …: provider column keys, capitals so they never read as a footnote number or a scenario. */
export function columnKey(index: number): string {
  let key = '';
  let n = index;
  do {
    key = String.fromCharCode(65 + (n % 26)) + key;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return key;
}

/** `chat.basic` → `chat`: the group a scenario id belongs to; none (`''`) for an id without a dot. */
export function scenarioGroup(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? '' : id.slice(0, dot);
}

/** `chat.basic` → `basic`: a scenario id as it reads under its group's header; an id without a group as it is. */
export function scenarioLabel(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(dot + 1);
}

/** The scenarios with each group's together, at the place its first one had: the order every renderer shows. */
function groupedInOrder<T extends { id: string }>(columns: readonly T[]): T[] {
  const order: string[] = [];
  for (const column of columns) {
    const group = scenarioGroup(column.id);
    if (!order.includes(group)) order.push(group);
  }
  return order.flatMap((group) => columns.filter((column) => scenarioGroup(column.id) === group));
}

export interface ColumnGroup {
  /** `tools`; `''` for scenarios without a group. */
  name: string;
  /** Index of the group's first column in `Matrix.columns`. */
  first: number;
  columns: MatrixColumn[];
}

/** The matrix's scenarios as the groups they form (they are contiguous: `buildMatrix` orders them so). */
export function columnGroups(columns: readonly MatrixColumn[]): ColumnGroup[] {
  const groups: ColumnGroup[] = [];
  columns.forEach((column, i) => {
    const name = scenarioGroup(column.id);
    const last = groups.at(-1);
    if (last && last.name === name) last.columns.push(column);
    else groups.push({ name, first: i, columns: [column] });
  });
  return groups;
}
