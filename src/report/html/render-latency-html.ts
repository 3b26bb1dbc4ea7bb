import type { Distribution, LatencyCell, LatencyReport } from '../../core/latency-report.ts';
import {
  errorKindsByCount,
  formatMs,
  formatPercent,
  formatRate,
  groupCells,
  type LoadGroup,
  latencyRunFacts,
  NO_VALUE,
  providersOf,
  type ScenarioGroup,
  SKEW_FLAG,
} from '../render-latency-format.ts';
import {
  cellNotes,
  clockFallbackText,
  METRIC_DEFINITIONS,
  methodologyCaveats,
  PERCENTILE_NOTE,
  partialText,
} from '../render-latency-text.ts';
import { escapeHtml } from './escape-html.ts';
import { renderHtmlPage } from './render-html-page.ts';
import { LATENCY_HTML_STYLE } from './render-latency-html-style.ts';
import { type BarRow, renderBarChart } from './render-svg-bar-chart.ts';
import { type BoxFlag, type BoxRow, renderBoxChart } from './render-svg-box-chart.ts';
import { type LineSeries, renderLineChart } from './render-svg-line-chart.ts';
import type { ChartGroup } from './render-svg-rows-chart.ts';

const h = escapeHtml;

/** One scenario's cells, indexed for the charts and tables: providers in report order, levels in load order. */
interface ScenarioView {
  scenario: string;
  id: string;
  levels: LoadGroup[];
  providers: string[];
  /** provider → its cells, in level order, each with the level's index. */
  byProvider: Map<string, { cell: LatencyCell; levelIndex: number; level: string }[]>;
}

function viewOf(
  group: ScenarioGroup,
  index: number,
  providerOrder: string[],
  idPrefix: string,
): ScenarioView {
  const byProvider = new Map<string, { cell: LatencyCell; levelIndex: number; level: string }[]>();
  group.levels.forEach((level, levelIndex) => {
    for (const cell of level.cells) {
      const list = byProvider.get(cell.provider) ?? [];
      list.push({ cell, levelIndex, level: level.label });
      byProvider.set(cell.provider, list);
    }
  });
  return {
    scenario: group.scenario,
    id: `${idPrefix}scenario-${index + 1}`,
    levels: group.levels,
    providers: providerOrder.filter((p) => byProvider.has(p)),
    byProvider,
  };
}

const num = (text: string) =>
  `<td class="num">${text === NO_VALUE ? `<span class="muted">${text}</span>` : text}</td>`;

function distributionWords(name: string, d: Distribution | undefined, unit: string): string {
  if (!d) return `${name}: no figure`;
  return (
    `${name} ${unit}: min ${formatMs(d.min)}, p50 ${formatMs(d.p50)}, p90 ${formatMs(d.p90)}, ` +
    `p95 ${formatMs(d.p95)}, p99 ${formatMs(d.p99)}, max ${formatMs(d.max)} (${d.n} samples)`
  );
}

/** `<tbody>` per provider, its name spanning its rows; `cells` renders the rest of one row. */
function providerBodies(
  view: ScenarioView,
  cells: (entry: { cell: LatencyCell; level: string }) => string,
  rowClass: (cell: LatencyCell) => string = () => '',
): string {
  return view.providers
    .map((provider) => {
      const entries = view.byProvider.get(provider)!;
      const rows = entries.map((entry, i) => {
        const head = i === 0 ? `<th scope="rowgroup" rowspan="${entries.length}">${h(provider)}</th>` : '';
        const cls = rowClass(entry.cell);
        return `<tr${cls ? ` class="${cls}"` : ''}>${head}<td>${h(entry.level)}</td>${cells(entry)}</tr>`;
      });
      return `<tbody>${rows.join('')}</tbody>`;
    })
    .join('');
}

function table(caption: string, head: string, bodies: string): string {
  return `<div class="scroll"><table><caption>${caption}</caption><thead>${head}</thead>${bodies}</table></div>`;
}

const headRow = (labels: string[], numericFrom: number) =>
  `<tr>${labels.map((l, i) => `<th scope="col"${i >= numericFrom ? ' class="num"' : ''}>${l}</th>`).join('')}</tr>`;

function chartGroups<R extends BoxRow | BarRow>(
  view: ScenarioView,
  row: (cell: LatencyCell, level: string, levelIndex: number) => R,
): ChartGroup<R>[] {
  return view.providers.map((provider) => ({
    name: provider,
    rows: view.byProvider.get(provider)!.map(({ cell, level, levelIndex }) => row(cell, level, levelIndex)),
  }));
}

function cellFlags(cell: LatencyCell): BoxFlag[] {
  return [
    ...(cell.eventLoop.skewed ? [{ text: `${SKEW_FLAG} loop`, tone: 'warn' as const }] : []),
    ...(cell.errors > 0 ? [{ text: `${formatPercent(cell.errorRate)} failed`, tone: 'bad' as const }] : []),
  ];
}

function ttftFigure(view: ScenarioView): string {
  const groups = chartGroups(
    view,
    (cell, level, levelIndex): BoxRow => ({
      level,
      levelIndex,
      distribution: cell.ttftMs,
      empty: 'no successful requests',
      flags: cellFlags(cell),
      tooltip: `${cell.provider} · ${level} · ${distributionWords('TTFT', cell.ttftMs, 'ms')}`,
    }),
  );
  const chart = renderBoxChart({
    title: `Time to first token (ms) per provider, ${view.scenario}`,
    axisLabel: 'time to first token (ms)',
    levels: view.levels.map((l) => l.label),
    groups,
  });
  const bodies = providerBodies(view, ({ cell }) => {
    const d = cell.ttftMs;
    return [d?.n, d?.min, d?.p50, d?.p90, d?.p95, d?.p99, d?.max, d?.mean]
      .map((v, i) => num(i === 0 ? (v === undefined ? NO_VALUE : String(v)) : formatMs(v)))
      .join('');
  });
  return [
    '<figure>',
    '<figcaption>Time to first token: line from the fastest to the slowest request, box from the median (heavy ' +
      'line) to p90, tick at p99. Shorter is better.</figcaption>',
    chart,
    table(
      `TTFT (ms), ${h(view.scenario)}; samples: successful requests`,
      headRow(['provider', 'load', 'samples', 'min', 'p50', 'p90', 'p95', 'p99', 'max', 'mean'], 2),
      bodies,
    ),
    '</figure>',
  ].join('');
}

function estimateMark(cell: LatencyCell): string {
  if (cell.tokenSource === 'estimate') return ' (est.)';
  if (cell.tokenSource === 'mixed') return ' (partly est.)';
  return '';
}

function speedFigure(view: ScenarioView): string {
  const groups = chartGroups(view, (cell, level, levelIndex): BarRow => {
    const d = cell.outputTokensPerSecond;
    return {
      level,
      levelIndex,
      value: d?.p50,
      valueLabel: d ? `${formatRate(d.p50)} tok/s${estimateMark(cell)}` : '',
      empty:
        cell.errors >= cell.requests
          ? 'no successful requests'
          : 'no figure (needs two or more output tokens)',
      tooltip: d
        ? `${cell.provider} · ${level} · output speed tok/s: p50 ${formatRate(d.p50)}, p90 ${formatRate(d.p90)}, ` +
          `min ${formatRate(d.min)}, max ${formatRate(d.max)} (${d.n} samples, tokens: ${cell.tokenSource})`
        : `${cell.provider} · ${level} · output speed: no figure`,
    };
  });
  const chart = renderBarChart({
    title: `Output speed (tokens per second, median) per provider, ${view.scenario}`,
    description:
      'For each provider and load level, a bar as long as the median output speed of one request; est. marks ' +
      'token counts estimated from the text.',
    axisLabel: 'output speed, p50 (tokens/s)',
    levels: view.levels.map((l) => l.label),
    groups,
  });
  const bodies = providerBodies(view, ({ cell }) => {
    const d = cell.outputTokensPerSecond;
    return (
      [d?.p50, d?.p90, d?.min, d?.max].map((v) => num(formatRate(v))).join('') +
      `<td>${h(cell.tokenSource)}</td>` +
      num(formatRate(cell.requestThroughput)) +
      num(formatRate(cell.tokenThroughput))
    );
  });
  return [
    '<figure>',
    '<figcaption>Output speed: median tokens per second of one request once it streams. Longer is better. The ' +
      'run columns are the whole cell’s throughput per second of wall time.</figcaption>',
    chart,
    table(
      `Output speed (tok/s) and run throughput, ${h(view.scenario)}`,
      headRow(['provider', 'load', 'p50', 'p90', 'min', 'max', 'tokens', 'run req/s', 'run tok/s'], 2),
      bodies,
    ),
    '</figure>',
  ].join('');
}

/** The closed-loop concurrency levels of a scenario, ascending. */
function concurrencyLevels(view: ScenarioView): number[] {
  return view.levels.flatMap((l) => (l.cells[0]?.concurrency === undefined ? [] : [l.cells[0].concurrency]));
}

function concurrencyFigure(view: ScenarioView, colorOf: Map<string, number>): string {
  const levels = concurrencyLevels(view);
  if (levels.length < 2) return '';
  const series = (pick: 'p50' | 'p99'): LineSeries[] =>
    view.providers.map((provider) => ({
      name: provider,
      colorIndex: colorOf.get(provider) ?? 0,
      points: view.byProvider.get(provider)!.flatMap(({ cell }) =>
        cell.concurrency !== undefined && cell.ttftMs
          ? [
              {
                x: cell.concurrency,
                y: cell.ttftMs[pick],
                tooltip: `${provider} · c=${cell.concurrency} · TTFT ${pick} ${formatMs(cell.ttftMs[pick])} ms`,
              },
            ]
          : [],
      ),
    }));
  const chart = (pick: 'p50' | 'p99') =>
    renderLineChart({
      title: `Time to first token ${pick} (ms) against concurrency, ${view.scenario}`,
      description: `One line per provider: TTFT ${pick} at each concurrency level, concurrency on a logarithmic axis.`,
      xLabel: 'concurrency (requests in flight, log scale)',
      yLabel: `TTFT ${pick} (ms)`,
      xValues: levels,
      series: series(pick),
    });
  const head =
    `<tr><th scope="col" rowspan="2">provider</th>${levels
      .map((c) => `<th scope="colgroup" colspan="2" class="group">c=${c}</th>`)
      .join('')}</tr>` +
    `<tr>${levels.map(() => '<th scope="col" class="num">p50</th><th scope="col" class="num">p99</th>').join('')}</tr>`;
  const rows = view.providers
    .map((provider) => {
      const entries = view.byProvider.get(provider)!;
      const cells = levels
        .map((c) => {
          const d = entries.find((e) => e.cell.concurrency === c)?.cell.ttftMs;
          return num(formatMs(d?.p50)) + num(formatMs(d?.p99));
        })
        .join('');
      return `<tr><th scope="row">${h(provider)}</th>${cells}</tr>`;
    })
    .join('');
  return [
    '<figure>',
    '<figcaption>How time to first token grows with load: p50 (left) and p99 (right) at each concurrency level, ' +
      'one line per provider. Flatter is better.</figcaption>',
    `<div class="pair">${chart('p50')}${chart('p99')}</div>`,
    table(`TTFT (ms) by concurrency, ${h(view.scenario)}`, head, `<tbody>${rows}</tbody>`),
    '</figure>',
  ].join('');
}

function otherMetricsTable(view: ScenarioView, level: number): string {
  const head =
    '<tr><th scope="col" rowspan="2">provider</th><th scope="col" rowspan="2">load</th>' +
    '<th scope="colgroup" colspan="3" class="group">ITL ms</th><th scope="colgroup" colspan="3" class="group">E2E ms</th>' +
    '<th scope="colgroup" colspan="2" class="group">chunk gap ms</th>' +
    '<th scope="col" rowspan="2" class="num">n</th><th scope="col" rowspan="2">errors</th>' +
    '<th scope="colgroup" colspan="2" class="group">event loop ms</th></tr>' +
    `<tr>${['p50', 'p90', 'p99', 'p50', 'p90', 'p99', 'p50', 'p99', 'p99', 'max']
      .map((l) => `<th scope="col" class="num">${l}</th>`)
      .join('')}</tr>`;
  const bodies = providerBodies(
    view,
    ({ cell }) => {
      const kinds = errorKindsByCount(cell)
        .map(([kind, count]) => `${h(kind)} ${count}`)
        .join(', ');
      const errors =
        cell.errors === 0
          ? '0'
          : `<span class="bad">${cell.errors} (${formatPercent(cell.errorRate)})</span>${kinds ? `: ${kinds}` : ''}`;
      const loop = `${cell.eventLoop.skewed ? `<span class="warn">${SKEW_FLAG}</span> ` : ''}${formatMs(cell.eventLoop.p99Ms)}`;
      return [
        ...[cell.itlMs?.p50, cell.itlMs?.p90, cell.itlMs?.p99].map((v) => num(formatMs(v))),
        ...[cell.e2eMs?.p50, cell.e2eMs?.p90, cell.e2eMs?.p99].map((v) => num(formatMs(v))),
        ...[cell.chunkGapMs?.p50, cell.chunkGapMs?.p99].map((v) => num(formatMs(v))),
        num(String(cell.requests)),
        `<td>${errors}</td>`,
        num(loop),
        num(formatMs(cell.eventLoop.maxMs)),
      ].join('');
    },
    (cell) => (cell.eventLoop.skewed ? 'skewed' : ''),
  );
  return [
    `<h${level}>Inter-token latency, end to end, chunk gaps, errors</h${level}>`,
    table(
      `${h(view.scenario)}: n is measured requests; ${SKEW_FLAG} marks an event loop that may have inflated the timings`,
      head,
      bodies,
    ),
  ].join('');
}

function scenarioSection(view: ScenarioView, colorOf: Map<string, number>, level: number): string {
  const levels = view.levels.map((l) => h(l.title)).join(' · ');
  const sub = level + 1;
  return [
    `<section id="${view.id}">`,
    `<h${level}><code>${h(view.scenario)}</code></h${level}>`,
    `<p class="muted">Load levels: ${levels}.</p>`,
    `<h${sub}>Time to first token</h${sub}>`,
    ttftFigure(view),
    `<h${sub}>Output speed</h${sub}>`,
    speedFigure(view),
    concurrencyLevels(view).length >= 2 ? `<h${sub}>Percentiles per concurrency level</h${sub}>` : '',
    concurrencyFigure(view, colorOf),
    otherMetricsTable(view, sub),
    '</section>',
  ].join('\n');
}

/** Where the latency sections sit in a page: the prefix of their element ids, the level of a scenario's heading. */
export interface LatencySectionOptions {
  idPrefix: string;
  level: 2 | 3;
}

export interface LatencyScenarioSection {
  /** The section element's id. */
  id: string;
  scenario: string;
  /** `<section>` with the scenario's charts and their tables. */
  html: string;
}

/**
 * One section per scenario, with its charts (TTFT box plot, output-speed bars, TTFT against concurrency) and the
 * tables beside them: this page's body, and the latency part of the run's index.html.
 */
export function renderLatencyScenarioSections(
  report: LatencyReport,
  options: LatencySectionOptions = { idPrefix: '', level: 2 },
): LatencyScenarioSection[] {
  const providerOrder = providersOf(report).map((p) => p.provider);
  const colorOf = new Map(providerOrder.map((p, i) => [p, i]));
  return groupCells(report).map((group, i) => {
    const view = viewOf(group, i, providerOrder, options.idPrefix);
    return { id: view.id, scenario: view.scenario, html: scenarioSection(view, colorOf, options.level) };
  });
}

/** The cells a reader must know about (event loop skewed, requests failed) as a `<ul>`; '' when there are none. */
export function renderLatencyNoteList(report: LatencyReport): string {
  const order = groupCells(report).flatMap((s) => s.levels.flatMap((l) => l.cells));
  const notes = cellNotes(report, order);
  if (notes.length === 0) return '';
  const items = notes
    .map((note) =>
      note.kind === 'skewed'
        ? `<li><span class="warn">${SKEW_FLAG}</span> ${h(note.text)}</li>`
        : `<li><span class="bad">✗</span> ${h(note.text)}</li>`,
    )
    .join('');
  return `<ul class="notes">${items}</ul>`;
}

function notesSection(report: LatencyReport): string {
  const list = renderLatencyNoteList(report);
  const interrupted = [partialText(report), clockFallbackText(report)]
    .flatMap((text) => (text === undefined ? [] : [`<p class="alert">${h(text)}</p>`]))
    .join('');
  if (list === '') return interrupted;
  return `${interrupted}<section id="notes"><h2>Notes</h2>${list}</section>`;
}

/** What the metrics and columns mean, and which model each provider ran: the body of "How to read it". */
export function renderLatencyHowToRead(report: LatencyReport): string {
  const providers = providersOf(report);
  const models = providers
    .map(({ provider, model }) => `<li>${h(provider)}: <code>${h(model)}</code></li>`)
    .join('');
  const definitions = METRIC_DEFINITIONS.map(
    ({ term, text }) => `<dt>${h(term)}</dt><dd>${h(text)}</dd>`,
  ).join('');
  return [
    `<dl class="metrics">${definitions}</dl>`,
    `<p>${h(PERCENTILE_NOTE)}</p>`,
    '<p>Every chart has its figures in the table below it; hovering a mark shows them too. Load levels: ' +
      '<code>c=N</code> is a closed loop with N requests in flight, <code>N/s</code> an open loop with Poisson ' +
      'arrivals at N requests per second.</p>',
    providers.length > 0 ? `<details><summary>Models</summary><ul>${models}</ul></details>` : '',
  ].join('\n');
}

/** The caveats a reader needs before trusting or comparing the figures, as a `<ul>`. */
export function renderLatencyMethodology(report: LatencyReport): string {
  return ['<ul>', ...methodologyCaveats(report).map((caveat) => `<li>${h(caveat)}</li>`), '</ul>'].join('\n');
}

/**
 * The latency report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no fonts or images
 * from the network, light and dark, printable. Every string from the report is escaped; the same report always
 * gives the same bytes.
 */
export function renderLatencyHtml(report: LatencyReport): string {
  const sections = renderLatencyScenarioSections(report);
  const notes = notesSection(report);
  const nav = [
    ...sections.map((v) => `<li><a href="#${v.id}"><code>${h(v.scenario)}</code></a></li>`),
    ...(renderLatencyNoteList(report) !== '' ? ['<li><a href="#notes">Notes</a></li>'] : []),
    '<li><a href="#how-to-read">How to read it</a></li>',
    '<li><a href="#methodology">Methodology</a></li>',
  ].join('');

  const body = [
    '<main>',
    '<header>',
    '<h1>Latency report</h1>',
    `<p class="facts">${latencyRunFacts(report).map(h).join(' · ')}</p>`,
    `<nav aria-label="Sections"><ul>${nav}</ul></nav>`,
    '</header>',
    notes,
    '<section id="how-to-read"><h2>How to read it</h2>',
    renderLatencyHowToRead(report),
    '</section>',
    sections.length === 0 ? '<p>No cells in this run.</p>' : '',
    ...sections.map((section) => section.html),
    `<section id="methodology"><h2>Methodology</h2>${renderLatencyMethodology(report)}</section>`,
    `<footer>Generated by ${h(report.tool.name)} ${h(report.tool.version)} from a latency report (schema ` +
      `${report.schema}). Self-contained: no scripts, fonts or images are loaded.</footer>`,
    '</main>',
  ].join('\n');

  return renderHtmlPage(
    `Latency report · ${report.run.mode} · ${report.run.startedAt}`,
    LATENCY_HTML_STYLE,
    body,
  );
}
