import { formatTick } from '../render-latency-format.ts';
import { escapeHtml } from './escape-html.ts';
import { niceScale, px } from './render-svg-scale.ts';

/** One horizontal row of a chart: a provider at one load level. */
export interface ChartRow {
  /** The load level, shown beside the row when the chart has more than one. */
  level: string;
  /** Position of the level among the chart's levels: picks its shade. */
  levelIndex: number;
  /** Tooltip: every figure of the row in words. */
  tooltip: string;
}

export interface ChartGroup<R extends ChartRow> {
  name: string;
  rows: R[];
}

export interface PlotArea {
  left: number;
  right: number;
  /** The value at the right end of the axis. */
  max: number;
  /** Value to x coordinate, clamped to the plot. */
  x: (value: number) => number;
}

export interface RowsChartSpec<R extends ChartRow> {
  /** The chart's accessible name: its `<title>` and `aria-label`. */
  title: string;
  /** What the marks mean, for `<desc>`. */
  description: string;
  axisLabel: string;
  /** The largest value the axis must show. */
  domainMax: number;
  levels: string[];
  groups: ChartGroup<R>[];
  drawRow: (row: R, cy: number, plot: PlotArea) => string;
  /** A key drawn at the top right, in a band `KEY_HEIGHT` high ending at `right`. */
  drawKey?: (right: number, top: number) => string;
}

export const CHART_WIDTH = 960;
const LABEL_WIDTH = 180;
export const RIGHT_MARGIN = 130;
const ROW_HEIGHT = 18;
const GROUP_GAP = 8;
export const KEY_HEIGHT = 40;
const AXIS_HEIGHT = 46;
const CHAR_WIDTH = 7;

/** The shade class of level `index` of `count`: spread over a six-step ramp, light (low load) to dark. */
export function levelClass(index: number, count: number): string {
  const step = count <= 1 ? 3 : Math.round((index * 5) / (count - 1));
  return `lv${step}`;
}

function cutLabel(text: string, chars: number): string {
  return [...text].length <= chars ? text : `${[...text].slice(0, chars - 1).join('')}…`;
}

function levelLegend(levels: string[], top: number): string {
  if (levels.length < 2) return '';
  let x = 0;
  const items = levels.map((level, i) => {
    const item =
      `<rect class="${levelClass(i, levels.length)} swatch" x="${px(x)}" y="${top + 12}" width="14" height="10"/>` +
      `<text x="${px(x + 19)}" y="${top + 21}">${escapeHtml(level)}</text>`;
    x += 19 + [...level].length * CHAR_WIDTH + 16;
    return item;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

/**
 * A horizontal chart with one group of rows per provider (one row per load level), a value axis along the bottom
 * with grid lines, and the level shades as a legend: the frame the TTFT box plot and the output-speed bars share.
 */
export function renderRowsChart<R extends ChartRow>(spec: RowsChartSpec<R>): string {
  const hasKey = spec.drawKey !== undefined || spec.levels.length > 1;
  const top = hasKey ? KEY_HEIGHT + 8 : 8;
  const multiLevel = spec.levels.length > 1;
  const levelWidth = multiLevel ? Math.max(...spec.levels.map((l) => [...l].length)) * CHAR_WIDTH + 14 : 0;
  const nameChars = Math.floor((LABEL_WIDTH - levelWidth - 12) / CHAR_WIDTH);
  const left = LABEL_WIDTH;
  const right = CHART_WIDTH - RIGHT_MARGIN;
  const scale = niceScale(spec.domainMax);
  const x = (value: number) => left + (Math.min(Math.max(value, 0), scale.max) / scale.max) * (right - left);
  const plot: PlotArea = { left, right, max: scale.max, x };

  const bands: string[] = [];
  const body: string[] = [];
  let y = top;
  spec.groups.forEach((group, g) => {
    const height = group.rows.length * ROW_HEIGHT;
    if (g % 2 === 1) {
      bands.push(
        `<rect class="band" x="0" y="${px(y - 2)}" width="${CHART_WIDTH}" height="${px(height + 4)}"/>`,
      );
    }
    const name = escapeHtml(group.name);
    const shown = escapeHtml(cutLabel(group.name, nameChars));
    body.push(
      `<text class="name" x="4" y="${px(y + height / 2 + 4)}">${shown === name ? name : `<title>${name}</title>${shown}`}</text>`,
    );
    group.rows.forEach((row, r) => {
      const cy = y + r * ROW_HEIGHT + ROW_HEIGHT / 2;
      const marks = spec.drawRow(row, cy, plot);
      const level = multiLevel
        ? `<text class="level" x="${left - 8}" y="${px(cy + 4)}" text-anchor="end">${escapeHtml(row.level)}</text>`
        : '';
      body.push(`<g class="row"><title>${escapeHtml(row.tooltip)}</title>${level}${marks}</g>`);
    });
    y += height + GROUP_GAP;
  });
  const plotBottom = Math.max(y - GROUP_GAP + 4, top + ROW_HEIGHT);
  const height = plotBottom + AXIS_HEIGHT;

  const grid = scale.ticks
    .map((tick) => {
      const tx = px(x(tick));
      return (
        `<line class="grid" x1="${tx}" x2="${tx}" y1="${top - 4}" y2="${px(plotBottom)}"/>` +
        `<text class="tick" x="${tx}" y="${px(plotBottom + 16)}" text-anchor="middle">${formatTick(tick)}</text>`
      );
    })
    .join('');
  const axisTitle =
    `<text class="axis-title" x="${px((left + right) / 2)}" y="${px(plotBottom + 38)}" text-anchor="middle">` +
    `${escapeHtml(spec.axisLabel)}</text>`;
  const title = escapeHtml(spec.title);
  return [
    `<svg class="chart" viewBox="0 0 ${CHART_WIDTH} ${px(height)}" role="img" aria-label="${title}">`,
    `<title>${title}</title><desc>${escapeHtml(spec.description)}</desc>`,
    levelLegend(spec.levels, 0),
    spec.drawKey ? spec.drawKey(right, 0) : '',
    ...bands,
    `<g class="axis">${grid}<line class="baseline" x1="${left}" x2="${left}" y1="${top - 4}" y2="${px(plotBottom)}"/>${axisTitle}</g>`,
    ...body,
    '</svg>',
  ].join('');
}
