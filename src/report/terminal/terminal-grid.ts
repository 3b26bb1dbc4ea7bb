import type { Paint } from './terminal-paint.ts';
import { cutTo, displayWidth, padEnd, wrap } from './terminal-text.ts';

/** A cell as text: its plain form (for widths) and how it is shown (painted). */
export interface GridCell {
  plain: string;
  shown: string;
}

/** A group header (`tools`), or a row with a label and one cell per column. */
export type GridRow = { group: string } | { label: string; cells: readonly GridCell[] };

export interface GridSpec {
  /** The label column's heading: `scenario`, `capability`, `fault`. */
  corner: string;
  /** One short key per column (`A`, `B` …), explained in a key list beside the grid. */
  keys: readonly string[];
  rows: readonly GridRow[];
  width: number;
  bold: Paint;
}

const INDENT = '  ';
const BAR = ' │ ';
const MIN_LABEL = 6;

/** `count` columns in `blocks` blocks as even as they come: 10 in 2 → 5 + 5, not 6 + 4. */
function blockRanges(count: number, perBlock: number): { from: number; to: number }[] {
  const blocks = Math.max(1, Math.ceil(count / perBlock));
  const size = Math.ceil(count / blocks);
  const ranges: { from: number; to: number }[] = [];
  for (let from = 0; from < count; from += size) ranges.push({ from, to: Math.min(count, from + size) });
  return ranges;
}

function layout(spec: GridSpec) {
  const { keys, rows, width } = spec;
  // Rows sit under their group's header, indented; a grid without groups needs no indent.
  const indent = rows.some((row) => 'group' in row) ? INDENT : '';
  const labelOf = (row: GridRow) => ('group' in row ? row.group : `${indent}${row.label}`);
  const cellWidth = Math.max(
    1,
    ...keys.map(displayWidth),
    ...rows.flatMap((row) => ('cells' in row ? row.cells.map((cell) => displayWidth(cell.plain)) : [])),
  );
  const fullLabel = Math.max(displayWidth(spec.corner), ...rows.map((row) => displayWidth(labelOf(row))));
  const labelWidth = Math.max(MIN_LABEL, Math.min(fullLabel, width - BAR.length - cellWidth));
  // Two spaces between columns when that fits the width, one before splitting the columns into blocks.
  const fits = (gap: number) => labelWidth + BAR.length + keys.length * (cellWidth + gap) - gap <= width;
  const gap = fits(2) || !fits(1) ? 2 : 1;
  const perBlock = Math.max(1, Math.floor((width - labelWidth - BAR.length + gap) / (cellWidth + gap)));
  return { labelOf, cellWidth, labelWidth, gap, blocks: blockRanges(keys.length, perBlock) };
}

/** How many blocks of columns the grid takes at its width: 1 when every column fits side by side. */
export const gridBlocks = (spec: GridSpec) => layout(spec).blocks.length;

/**
 * Rows down, keyed columns across, in as many blocks of columns as the width needs; every block repeats the row
 * labels and group headers, so each reads on its own. Cells are left-aligned under their key. No line is wider than
 * `width` as long as one column fits beside the shortest label (six columns).
 */
export function renderGrid(spec: GridSpec): string[] {
  const { keys, rows, bold } = spec;
  const { labelOf, cellWidth, labelWidth, gap, blocks } = layout(spec);
  const lines: string[] = [];
  for (const { from, to } of blocks) {
    if (lines.length > 0) lines.push('');
    const columns = to - from;
    const spacer = ' '.repeat(gap);
    const tableWidth = columns * (cellWidth + gap) - gap;
    const label = (text: string) => padEnd(cutTo(text, labelWidth), labelWidth);
    const head = keys.slice(from, to).map((key) => padEnd(key, cellWidth));
    lines.push(bold(`${label(spec.corner)}${BAR}${head.join(spacer)}`.trimEnd()));
    lines.push(`${'─'.repeat(labelWidth)}─┼─${'─'.repeat(tableWidth)}`);
    for (const row of rows) {
      if ('group' in row) {
        lines.push(`${bold(label(row.group))}${BAR.trimEnd()}`);
        continue;
      }
      const cells = row.cells.slice(from, to).map((cell) => padEnd(cell.shown, cellWidth));
      lines.push(`${label(labelOf(row))}${BAR}${cells.join(spacer)}`.trimEnd());
    }
  }
  return lines;
}

export interface KeyEntry {
  key: string;
  id: string;
  /** What else to say of it (model; protocol, model, key variable), aligned in columns across the entries. */
  details: readonly string[];
}

/**
 * What each column key stands for, one entry per provider (`A  openai  gpt-4o`), in two or more columns when they
 * fit the width (read down, then across); one per line otherwise, a line too long wrapped under its details.
 */
export function renderKeyList(entries: readonly KeyEntry[], width: number): string[] {
  if (entries.length === 0) return [];
  const fieldWidths = (texts: readonly (readonly string[])[]) =>
    texts[0]!.map((_, i) => Math.max(...texts.map((t) => displayWidth(t[i] ?? ''))));
  const fields = entries.map((e) => [e.key, e.id, ...e.details]);
  const widths = fieldWidths(fields);
  const aligned = (row: readonly string[], from: number) =>
    row
      .slice(from)
      .map((field, i) => (from + i === row.length - 1 ? field : padEnd(field, widths[from + i]!)))
      .join('  ');
  const texts = fields.map((row) => aligned(row, 0));
  const entryWidth = Math.max(...texts.map(displayWidth));
  const gap = 4;
  const room = width - INDENT.length;
  const perLine = Math.max(1, Math.floor((room + gap) / (entryWidth + gap)));
  if (perLine === 1) {
    // Aligned when that fits; otherwise the details run on (`a · b · c`), wrapped under where they start.
    const together = entryWidth <= room;
    const hang = ' '.repeat(INDENT.length + widths[0]! + 2 + widths[1]! + 2);
    return fields.flatMap((row) => {
      const head = `${INDENT}${padEnd(row[0]!, widths[0]!)}  ${padEnd(row[1]!, widths[1]!)}  `;
      if (row.length <= 2) return [head.trimEnd()];
      return wrap(together ? aligned(row, 2) : row.slice(2).join(' · '), width, head, hang);
    });
  }
  const rowsCount = Math.ceil(texts.length / perLine);
  const lines: string[] = [];
  for (let r = 0; r < rowsCount; r++) {
    const parts: string[] = [];
    for (let c = 0; c * rowsCount + r < texts.length; c++) parts.push(texts[c * rowsCount + r]!);
    const line = parts.map((part, i) => (i === parts.length - 1 ? part : padEnd(part, entryWidth)));
    lines.push(`${INDENT}${line.join(' '.repeat(gap))}`.trimEnd());
  }
  return lines;
}
