import { escapeHtml } from './escape-html.ts';
import {
  type ChartGroup,
  type ChartRow,
  levelClass,
  type PlotArea,
  renderRowsChart,
} from './render-svg-rows-chart.ts';
import { px } from './render-svg-scale.ts';

export interface BarRow extends ChartRow {
  value?: number;
  /** Written at the end of the bar: the value with its unit and any caveat (`83 tok/s (est.)`). */
  valueLabel: string;
  /** What to say instead when there is no value. */
  empty: string;
}

export interface BarChartSpec {
  title: string;
  description: string;
  axisLabel: string;
  levels: string[];
  groups: ChartGroup<BarRow>[];
}

function drawBar(row: BarRow, cy: number, plot: PlotArea, levelCount: number): string {
  if (row.value === undefined || !Number.isFinite(row.value)) {
    return `<text class="empty" x="${plot.left + 6}" y="${px(cy + 4)}">${escapeHtml(row.empty)}</text>`;
  }
  const end = plot.x(row.value);
  return (
    `<rect class="bar ${levelClass(row.levelIndex, levelCount)}" x="${plot.left}" y="${px(cy - 6)}" ` +
    `width="${px(Math.max(1, end - plot.left))}" height="12"/>` +
    `<text class="value" x="${px(end + 6)}" y="${px(cy + 4)}">${escapeHtml(row.valueLabel)}</text>`
  );
}

/** One horizontal bar per provider and load level, from zero to the value, the value written at its end. */
export function renderBarChart(spec: BarChartSpec): string {
  const values = spec.groups.flatMap((g) => g.rows.flatMap((r) => (r.value === undefined ? [] : [r.value])));
  return renderRowsChart({
    title: spec.title,
    description: spec.description,
    axisLabel: spec.axisLabel,
    domainMax: Math.max(0, ...values.filter(Number.isFinite)),
    levels: spec.levels,
    groups: spec.groups,
    drawRow: (row, cy, plot) => drawBar(row, cy, plot, spec.levels.length),
  });
}
