import type { CaseResult } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';
import type { MatrixCell } from './matrix-cell.ts';
import { printable } from './printable.ts';

const FAULT_CAPABILITY = 'fault-handling';

/** The fault scenarios form their own section of the matrix. */
export function isFaultCase(entry: { capability: string }): boolean {
  return entry.capability === FAULT_CAPABILITY;
}

export interface FaultColumn {
  /** Provider id. */
  id: string;
  protocol: string;
  /** The provider's column key, the same as in the main table. */
  key: string;
}

export interface FaultRow {
  /** Scenario id, `faults.rate-limited`. */
  id: string;
  /** The fault, `rate-limited`. */
  kind: string;
  title: string;
  cells: MatrixCell[];
}

/**
 * The fault section, one row per fault and one column per provider (one per protocol): five columns fit a terminal
 * where twelve would not, and a row reads as "what each protocol did with this fault".
 */
export interface FaultGrid {
  columns: FaultColumn[];
  rows: FaultRow[];
}

/** What a fault cell says: the classification, `no fault` when nothing went wrong; nothing for a case not run. */
export function faultLabel(result: CaseResult | undefined): string | undefined {
  const observed = result?.fault?.observed;
  if (observed === undefined) return undefined;
  return observed === 'none' ? 'no fault' : printable(observed);
}

/** Lays the fault cases out, in report order; `cellOf` makes each cell as the main table does. */
export function buildFaultGrid(
  report: RunReport,
  cases: readonly CaseResult[],
  cellOf: (result: CaseResult | undefined) => MatrixCell,
  keyOf: (provider: string) => string,
): FaultGrid {
  const columns: FaultColumn[] = [];
  for (const result of cases) {
    if (columns.some((column) => column.id === result.provider)) continue;
    const protocol = report.providers.find((p) => p.id === result.provider)?.protocol ?? '';
    columns.push({ id: result.provider, protocol, key: keyOf(result.provider) });
  }
  columns.sort(
    (a, b) =>
      rank(
        report.providers.map((p) => p.id),
        a.id,
      ) -
      rank(
        report.providers.map((p) => p.id),
        b.id,
      ),
  );
  const scenarioIds = [
    ...report.scenarios.filter(isFaultCase).map((s) => s.id),
    ...cases.map((c) => c.scenario),
  ].filter((id, i, all) => all.indexOf(id) === i && cases.some((c) => c.scenario === id));
  const rows = scenarioIds.map((id) => {
    const title = report.scenarios.find((s) => s.id === id)?.title ?? '';
    return {
      id: printable(id),
      kind: printable(id.replace(/^faults\./, '')),
      title: printable(title),
      cells: columns.map((column) =>
        cellOf(cases.find((c) => c.provider === column.id && c.scenario === id)),
      ),
    };
  });
  const shown = columns.map((c) => ({ id: printable(c.id), protocol: printable(c.protocol), key: c.key }));
  return { columns: shown, rows };
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}
