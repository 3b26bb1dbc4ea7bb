import type { MatrixCell } from '../matrix-cell.ts';
import type { Matrix } from '../matrix-cells.ts';

/** A cell with the provider and scenario it stands for: the main table's cells, then the fault section's. */
export interface PlacedCell {
  provider: string;
  scenario: string;
  cell: MatrixCell;
}

export function placedCells(matrix: Matrix): PlacedCell[] {
  const main = matrix.rows.flatMap((row) =>
    row.cells.map((cell, i) => ({ provider: row.id, scenario: matrix.columns[i]?.id ?? '', cell })),
  );
  const faults = (matrix.faults?.rows ?? []).flatMap((row) =>
    row.cells.map((cell, i) => ({ provider: matrix.faults?.columns[i]?.id ?? '', scenario: row.id, cell })),
  );
  return [...main, ...faults];
}

// Ids keep to characters that need no escaping in a URL fragment or a CSS selector, so a link and
// `document.getElementById` agree on them whatever a provider id holds.
const idPart = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * `c-<provider>-<scenario>` for every cell that has a details entry (a footnote), unique even when two ids only
 * differ in characters the id cannot hold.
 */
export function cellAnchors(places: readonly PlacedCell[]): Map<MatrixCell, string> {
  const anchors = new Map<MatrixCell, string>();
  const used = new Set<string>();
  for (const { provider, scenario, cell } of places) {
    if (cell.footnote === undefined) continue;
    const base = `c-${idPart(provider)}-${idPart(scenario)}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    anchors.set(cell, id);
  }
  return anchors;
}
