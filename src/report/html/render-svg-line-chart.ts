import { formatTick } from '../render-latency-format.ts';
import { escapeHtml } from './escape-html.ts';
import { niceScale, px, spreadLabels } from './render-svg-scale.ts';

export interface LinePoint {
  x: number;
  y: number;
  tooltip: string;
}

export interface LineSeries {
  name: string;
  /** Picks the series' colour; past the palette, colours repeat with a dashed line. */
  colorIndex: number;
  points: LinePoint[];
}

export interface LineChartSpec {
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  /** Every x the chart marks on its axis, e.g. the concurrency levels. */
  xValues: number[];
  series: LineSeries[];
}

export const PALETTE_SIZE = 10;
const WIDTH = 480;
const HEIGHT = 340;
const LEFT = 58;
const RIGHT = 124;
const TOP = 14;
const BOTTOM = 52;
const INSET = 14;
const LABEL_GAP = 13;

export function seriesClass(index: number): string {
  return `c${index % PALETTE_SIZE}${index >= PALETTE_SIZE ? ' dashed' : ''}`;
}

function cutLabel(text: string, chars: number): string {
  return [...text].length <= chars ? text : `${[...text].slice(0, chars - 1).join('')}…`;
}

/**
 * Lines of y against x on a logarithmic x axis (concurrency levels 1, 8, 64 fall evenly apart), one per series,
 * each named at its right end; labels are nudged apart so they never overlap.
 */
export function renderLineChart(spec: LineChartSpec): string {
  const plotLeft = LEFT;
  const plotRight = WIDTH - RIGHT;
  const plotTop = TOP;
  const plotBottom = HEIGHT - BOTTOM;
  const xs = spec.xValues.filter((v) => v > 0);
  const lo = Math.log(Math.min(...xs));
  const hi = Math.log(Math.max(...xs));
  const x = (value: number) =>
    hi === lo
      ? (plotLeft + plotRight) / 2
      : plotLeft + INSET + ((Math.log(value) - lo) / (hi - lo)) * (plotRight - plotLeft - 2 * INSET);
  const ys = spec.series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  const scale = niceScale(Math.max(0, ...ys));
  const y = (value: number) =>
    plotBottom - (Math.min(Math.max(value, 0), scale.max) / scale.max) * (plotBottom - plotTop);

  const axis: string[] = [];
  for (const tick of scale.ticks) {
    const ty = px(y(tick));
    axis.push(
      `<line class="grid" x1="${plotLeft}" x2="${plotRight}" y1="${ty}" y2="${ty}"/>`,
      `<text class="tick" x="${plotLeft - 6}" y="${px(y(tick) + 4)}" text-anchor="end">${formatTick(tick)}</text>`,
    );
  }
  for (const value of xs) {
    const tx = px(x(value));
    axis.push(
      `<line class="tick-mark" x1="${tx}" x2="${tx}" y1="${plotBottom}" y2="${plotBottom + 5}"/>`,
      `<text class="tick" x="${tx}" y="${plotBottom + 18}" text-anchor="middle">${formatTick(value)}</text>`,
    );
  }
  axis.push(
    `<line class="baseline" x1="${plotLeft}" x2="${plotRight}" y1="${plotBottom}" y2="${plotBottom}"/>`,
    `<text class="axis-title" x="${px((plotLeft + plotRight) / 2)}" y="${HEIGHT - 12}" text-anchor="middle">` +
      `${escapeHtml(spec.xLabel)}</text>`,
    `<text class="axis-title" transform="translate(14 ${px((plotTop + plotBottom) / 2)}) rotate(-90)" ` +
      `text-anchor="middle">${escapeHtml(spec.yLabel)}</text>`,
  );

  const drawn = spec.series.filter((s) => s.points.length > 0);
  const ends = drawn.map((s) => s.points.at(-1)!);
  const labelYs = spreadLabels(
    ends.map((p) => y(p.y)),
    LABEL_GAP,
    plotTop,
    plotBottom,
  );
  const lines = drawn.map((s, i) => {
    const cls = seriesClass(s.colorIndex);
    const points = s.points.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join(' ');
    const dots = s.points
      .map(
        (p) =>
          `<circle class="dot ${cls}" cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="3.5"><title>${escapeHtml(p.tooltip)}</title></circle>`,
      )
      .join('');
    const end = ends[i]!;
    const labelY = labelYs[i]!;
    const name = escapeHtml(s.name);
    const shown = escapeHtml(cutLabel(s.name, 15));
    return (
      `<g class="series"><title>${name}</title>` +
      (s.points.length > 1 ? `<polyline class="line ${cls}" points="${points}"/>` : '') +
      dots +
      `<line class="leader ${cls}" x1="${px(x(end.x) + 5)}" x2="${plotRight + 8}" y1="${px(y(end.y))}" y2="${px(labelY)}"/>` +
      `<text class="series-label ${cls}" x="${plotRight + 11}" y="${px(labelY + 4)}">${shown}</text></g>`
    );
  });
  const title = escapeHtml(spec.title);
  return [
    `<svg class="chart line-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}">`,
    `<title>${title}</title><desc>${escapeHtml(spec.description)}</desc>`,
    `<g class="axis">${axis.join('')}</g>`,
    ...lines,
    '</svg>',
  ].join('');
}
