import type { Distribution } from '../../core/latency-report.ts';
import { formatNumber } from '../render-latency-format.ts';
import { escapeHtml } from './escape-html.ts';
import {
  type ChartGroup,
  type ChartRow,
  levelClass,
  type PlotArea,
  renderRowsChart,
} from './render-svg-rows-chart.ts';
import { px } from './render-svg-scale.ts';

export interface BoxFlag {
  text: string;
  tone: 'warn' | 'bad' | 'plain';
}

export interface BoxRow extends ChartRow {
  distribution?: Distribution;
  /** What to say instead when there is no distribution. */
  empty: string;
  /** Short flags shown right of the plot (`⚠ loop`, `23% failed`). */
  flags: BoxFlag[];
}

export interface BoxChartSpec {
  title: string;
  axisLabel: string;
  levels: string[];
  groups: ChartGroup<BoxRow>[];
}

// A few slow outliers should not squeeze every box into the left edge: past this multiple of the largest p99,
// the axis stops at the p99s and longer whiskers end in an arrow with their max written out.
const CLIP_FACTOR = 2;

/** The axis end: every max, unless that is far beyond the largest p99. */
export function boxDomain(distributions: readonly Distribution[]): { max: number; clipped: boolean } {
  if (distributions.length === 0) return { max: 1, clipped: false };
  const p99 = Math.max(...distributions.map((d) => d.p99));
  const max = Math.max(...distributions.map((d) => d.max));
  return max > CLIP_FACTOR * p99 ? { max: p99 * 1.1, clipped: true } : { max, clipped: false };
}

// A halo in the background colour keeps the median visible on every shade of box, light or dark.
function median(x: number, cy: number): string {
  const line = `x1="${px(x)}" x2="${px(x)}" y1="${px(cy - 7)}" y2="${px(cy + 7)}"`;
  return `<line class="halo" ${line}/><line class="median" ${line}/>`;
}

function drawBox(row: BoxRow, cy: number, plot: PlotArea, levelCount: number): string {
  const flagText = (clippedMax?: number) => {
    const flags: BoxFlag[] = [
      ...(clippedMax === undefined
        ? []
        : [{ text: `max ${formatNumber(clippedMax)}`, tone: 'plain' as const }]),
      ...row.flags,
    ];
    if (flags.length === 0) return '';
    const spans = flags.map(
      (flag, i) => `<tspan class="${flag.tone}"${i > 0 ? ' dx="8"' : ''}>${escapeHtml(flag.text)}</tspan>`,
    );
    return `<text class="flag" x="${plot.right + 12}" y="${px(cy + 4)}">${spans.join('')}</text>`;
  };
  const d = row.distribution;
  if (!d) {
    return `<text class="empty" x="${plot.left + 6}" y="${px(cy + 4)}">${escapeHtml(row.empty)}</text>${flagText()}`;
  }
  const { x } = plot;
  const clipped = d.max > plot.max;
  const parts = [
    `<line class="whisker" x1="${px(x(d.min))}" x2="${px(x(d.max))}" y1="${px(cy)}" y2="${px(cy)}"/>`,
    `<line class="whisker" x1="${px(x(d.min))}" x2="${px(x(d.min))}" y1="${px(cy - 4)}" y2="${px(cy + 4)}"/>`,
    clipped
      ? `<path class="arrow" d="M${px(plot.right)} ${px(cy)}l-7 -4v8z"/>`
      : `<line class="whisker" x1="${px(x(d.max))}" x2="${px(x(d.max))}" y1="${px(cy - 4)}" y2="${px(cy + 4)}"/>`,
    `<rect class="box ${levelClass(row.levelIndex, levelCount)}" x="${px(x(d.p50))}" y="${px(cy - 6)}" ` +
      `width="${px(Math.max(1, x(d.p90) - x(d.p50)))}" height="12"/>`,
    `<line class="p99" x1="${px(x(d.p99))}" x2="${px(x(d.p99))}" y1="${px(cy - 6)}" y2="${px(cy + 6)}"/>`,
    median(x(d.p50), cy),
  ];
  return parts.join('') + flagText(clipped ? d.max : undefined);
}

/** The key above the plot: one sample mark, each part named. */
function drawKey(right: number, top: number): string {
  const y = top + 28;
  const at = { min: right - 250, p50: right - 190, p90: right - 110, p99: right - 60, max: right - 14 };
  const label = (text: string, x: number) =>
    `<text x="${x}" y="${y - 12}" text-anchor="middle">${text}</text>`;
  return [
    '<g class="key">',
    `<line class="whisker" x1="${at.min}" x2="${at.max}" y1="${y}" y2="${y}"/>`,
    `<line class="whisker" x1="${at.min}" x2="${at.min}" y1="${y - 4}" y2="${y + 4}"/>`,
    `<line class="whisker" x1="${at.max}" x2="${at.max}" y1="${y - 4}" y2="${y + 4}"/>`,
    `<rect class="box key-box" x="${at.p50}" y="${y - 6}" width="${at.p90 - at.p50}" height="12"/>`,
    `<line class="p99" x1="${at.p99}" x2="${at.p99}" y1="${y - 6}" y2="${y + 6}"/>`,
    median(at.p50, y),
    label('min', at.min),
    label('p50', at.p50),
    label('p90', at.p90),
    label('p99', at.p99),
    label('max', at.max),
    '</g>',
  ].join('');
}

/**
 * A distribution per provider and load level: a whisker from min to max, a box from p50 to p90, a tick at p99
 * and a heavy line at the median.
 */
export function renderBoxChart(spec: BoxChartSpec): string {
  const distributions = spec.groups.flatMap((g) =>
    g.rows.flatMap((r) => (r.distribution ? [r.distribution] : [])),
  );
  const domain = boxDomain(distributions);
  return renderRowsChart({
    title: spec.title,
    description:
      'For each provider and load level: a line from the fastest to the slowest request, a box from the median ' +
      '(p50, heavy line) to p90, and a tick at p99.' +
      (domain.clipped
        ? ' Whiskers beyond the axis end in an arrow, with their maximum written beside it.'
        : ''),
    axisLabel: spec.axisLabel,
    domainMax: domain.max,
    levels: spec.levels,
    groups: spec.groups,
    drawRow: (row, cy, plot) => drawBox(row, cy, plot, spec.levels.length),
    drawKey,
  });
}
