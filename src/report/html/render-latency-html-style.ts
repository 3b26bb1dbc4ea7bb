import { PALETTE_SIZE } from './render-svg-line-chart.ts';

// Categorical colours (one per provider) for the line charts, and a six-step ramp (one shade per load level, more
// load = more ink) for the box and bar charts; each has a light-background and a dark-background set.
const SERIES_LIGHT = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#e07000',
  '#9467bd',
  '#8c564b',
  '#d6409f',
  '#6e6e6e',
  '#9a9a10',
  '#0f9fb0',
];
const SERIES_DARK = [
  '#62a8e8',
  '#ff6b6b',
  '#5cd65c',
  '#ffa64d',
  '#b994ec',
  '#d1a596',
  '#f79ad3',
  '#b8b8b8',
  '#dede6a',
  '#5fe0ee',
];
const RAMP_LIGHT = ['#c6dbef', '#9ecae1', '#6baed6', '#3f8fc5', '#1f6aad', '#0b4a8b'];
const RAMP_DARK = ['#24496b', '#2d6496', '#3b83c2', '#63a6e0', '#98c8f0', '#cfe5fa'];

const vars = (prefix: string, colors: string[]) => colors.map((c, i) => `--${prefix}${i}: ${c};`).join(' ');

const classes = (count: number, rule: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => rule(i)).join('\n');

/** The page's whole stylesheet: no external fonts, light and dark through prefers-color-scheme, printable. */
export const LATENCY_HTML_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --grid: #e1e6eb; --axis: #8c959f; --border: #d1d9e0;
  --band: #f6f8fa; --head: #f0f3f6; --warn: #9a6700; --bad: #cf222e; --link: #0969da; --box-stroke: #1f2328;
  ${vars('p', SERIES_LIGHT)}
  ${vars('lv', RAMP_LIGHT)}
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --grid: #262c34; --axis: #656c76; --border: #3d444d;
    --band: #151b23; --head: #1b222c; --warn: #d29922; --bad: #ff7b72; --link: #4493f8; --box-stroke: #e6edf3;
    ${vars('p', SERIES_DARK)}
    ${vars('lv', RAMP_DARK)}
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.8em; margin: 0 0 4px; }
h2 { font-size: 1.4em; margin: 40px 0 8px; padding-top: 8px; border-top: 2px solid var(--border); }
h3 { font-size: 1.1em; margin: 28px 0 6px; }
a { color: var(--link); }
code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.facts { color: var(--muted); margin: 0 0 12px; }
.alert { border-left: 4px solid var(--warn); padding: 4px 12px; background: var(--band); }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 8px 0 0; }
dl.metrics { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.metrics dt { font-weight: 600; }
dl.metrics dd { margin: 0; }
ul.notes li { margin: 2px 0; }
.warn { color: var(--warn); }
.bad { color: var(--bad); }
.muted { color: var(--muted); }
figure { margin: 12px 0 24px; }
figcaption { color: var(--muted); margin: 0 0 6px; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 24px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.line-chart { max-width: 560px; }
svg text { fill: var(--fg); font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg .tick, svg .level, svg .legend text, svg .key text { fill: var(--muted); font-size: 11px; }
svg .axis-title { fill: var(--muted); }
svg .name { font-weight: 600; }
svg .grid { stroke: var(--grid); }
svg .baseline, svg .tick-mark { stroke: var(--axis); }
svg .band { fill: var(--band); }
svg .whisker { stroke: var(--fg); stroke-width: 1.2; }
svg .box { stroke: var(--box-stroke); stroke-width: 0.8; }
svg .bar { stroke: var(--box-stroke); stroke-width: 0.4; }
svg .key-box { fill: var(--lv2); }
svg .halo { stroke: var(--bg); stroke-width: 5.5; }
svg .median { stroke: var(--fg); stroke-width: 2.5; }
svg .p99 { stroke: var(--fg); stroke-width: 1.6; }
svg .arrow { fill: var(--fg); }
svg .flag { font-size: 11px; }
svg .flag .warn { fill: var(--warn); }
svg .flag .bad { fill: var(--bad); }
svg .empty { fill: var(--muted); font-style: italic; }
svg .value { font-size: 11px; }
svg .swatch { stroke: var(--box-stroke); stroke-width: 0.5; }
${classes(6, (i) => `svg .lv${i} { fill: var(--lv${i}); }`)}
${classes(PALETTE_SIZE, (i) => `svg .c${i} { stroke: var(--p${i}); fill: var(--p${i}); }`)}
svg .line { fill: none; stroke-width: 2; }
svg .dashed { stroke-dasharray: 6 3; }
svg .leader { stroke-width: 0.8; opacity: 0.6; }
svg .series-label { stroke: none; font-size: 11px; font-weight: 600; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
th, td { padding: 3px 9px; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
thead th { background: var(--head); vertical-align: bottom; }
thead th.group { text-align: center; border-bottom: 1px solid var(--border); }
tbody + tbody { border-top: 2px solid var(--border); }
tbody th { font-weight: 600; vertical-align: top; }
.num { text-align: right; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: 0 0 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  figure, .pair { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .scroll { overflow: visible; }
}
`;
