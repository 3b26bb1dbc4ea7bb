import { CAPABILITIES } from '../../core/capabilities.ts';
import type { CaseOutcome } from '../../core/case-result.ts';
import type { LatencyReport } from '../../core/latency-report.ts';
import type { RunReport } from '../../core/run-report.ts';
import { summarize } from '../../core/summarize.ts';
import { describeProvenance } from '../describe-provenance.ts';
import { CELL_SYMBOLS } from '../matrix-cell.ts';
import { buildMatrix, describedScenarios, type Matrix } from '../matrix-cells.ts';
import { latencyRunFacts } from '../render-latency-format.ts';
import { deviationCount, runFacts, verdict } from '../run-summary.ts';
import { escapeHtml as h } from './escape-html.ts';
import { cellAnchors, placedCells } from './render-html-anchors.ts';
import { renderDetails } from './render-html-details.ts';
import { renderFaultTable, renderLegend, renderMatrixTable } from './render-html-matrix.ts';
import { renderPassingAnswers } from './render-html-observed.ts';
import { renderHtmlPage } from './render-html-page.ts';
import { RUN_HTML_STYLE } from './render-html-style.ts';
import {
  renderLatencyHowToRead,
  renderLatencyMethodology,
  renderLatencyNoteList,
  renderLatencyScenarioSections,
} from './render-latency-html.ts';

export interface HtmlReportInput {
  conformance: RunReport;
  /** The latency report of the same checkout, when there is one: its charts and tables follow the matrix. */
  latency?: LatencyReport;
}

const COUNT_ORDER: readonly CaseOutcome[] = [
  'pass',
  'known-gap',
  'fail',
  'error',
  'unexpected-pass',
  'skipped',
];

function countWord(outcome: CaseOutcome, count: number): string {
  if (outcome === 'known-gap') return count === 1 ? 'known gap' : 'known gaps';
  if (outcome === 'unexpected-pass') return count === 1 ? 'unexpected pass' : 'unexpected passes';
  return outcome;
}

function summaryBlock(report: RunReport): string {
  const counts = summarize(report.cases);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const items = COUNT_ORDER.map(
    (outcome) =>
      `<li data-outcome="${outcome}"${counts[outcome] === 0 ? ' class="zero"' : ''}>` +
      `<span class="sym ${outcome}">${h(CELL_SYMBOLS[outcome])}</span> ` +
      `<b>${counts[outcome]}</b> ${countWord(outcome, counts[outcome])}</li>`,
  );
  const deviations = deviationCount(report);
  if (deviations > 0) {
    items.push(
      `<li data-outcome="deviation"><span class="sym deviation">${h(CELL_SYMBOLS.deviation)}</span> ` +
        `<b>${deviations}</b> of the passes with tolerated deviations</li>`,
    );
  }
  const ci = verdict(report);
  return [
    `<p><span class="verdict ${ci.fails ? 'fails' : 'passes'}">${h(ci.text)}</span> ` +
      `<span class="muted">${total} ${total === 1 ? 'case' : 'cases'}</span></p>`,
    `<ul class="counts" aria-label="Outcomes">${items.join('')}</ul>`,
    report.run.complete
      ? ''
      : '<p class="alert">The run was interrupted before every case finished: some cells have no result.</p>',
  ].join('\n');
}

/** Where the replayed answers came from, so nobody takes synthesized fixtures for observed traffic. */
function provenanceBlock(report: RunReport): string {
  const lines = describeProvenance(report);
  if (lines.length === 0) return '';
  return `<p class="provenance">${lines.map(h).join('<br>')}</p>`;
}

function scenariosTable(matrix: Matrix): string {
  const meanings: Readonly<Record<string, string>> = CAPABILITIES;
  const described = describedScenarios(matrix);
  const rows = described
    .map(
      (s) =>
        `<tr><th scope="row"><code>${h(s.id)}</code></th><td>${h(s.title || '—')}</td>` +
        `<td><code>${h(s.capability)}</code>${meanings[s.capability] ? ` — ${h(meanings[s.capability]!)}` : ''}</td></tr>`,
    )
    .join('');
  return (
    '<div class="scroll"><table class="scenarios"><thead><tr><th scope="col">scenario</th>' +
    '<th scope="col">what it checks</th><th scope="col">capability</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></div>`
  );
}

function latencySection(report: LatencyReport): string {
  const sections = renderLatencyScenarioSections(report, { idPrefix: 'latency-', level: 3 });
  const notes = renderLatencyNoteList(report);
  return [
    '<section id="latency">',
    '<h2>Latency</h2>',
    `<p class="facts">${latencyRunFacts(report).map(h).join(' · ')}</p>`,
    report.run.complete
      ? ''
      : '<p class="alert">The latency run was interrupted: some cells are missing.</p>',
    notes === '' ? '' : `<h3 id="latency-notes">Notes</h3>${notes}`,
    `<details><summary>How to read the charts</summary>${renderLatencyHowToRead(report)}</details>`,
    sections.length === 0 ? '<p>No cells in the latency report.</p>' : '',
    ...sections.map((section) => section.html),
    `<details><summary>Methodology</summary>${renderLatencyMethodology(report)}</details>`,
    '</section>',
  ].join('\n');
}

/**
 * The run as one self-contained page (reports/index.html): the capability matrix, each cell linked to its
 * diagnostics and evidence, the fault section, and the latency charts when a latency report is given. Inline CSS
 * and SVG only, no scripts and nothing fetched, so it reads the same from file:// and offline; light and dark.
 * Every string from the reports is escaped; the same reports always give the same bytes.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { conformance: report, latency } = input;
  const matrix = buildMatrix(report);
  const places = placedCells(matrix);
  const anchors = cellAnchors(places);
  const context = { anchors, footnotes: new Map(matrix.footnotes.map((f) => [f.number, f])) };
  const hasTable = matrix.rows.length > 0 && matrix.columns.length > 0;
  const answers = renderPassingAnswers(places);

  const nav = [
    '<li><a href="#matrix">Matrix</a></li>',
    matrix.faults ? '<li><a href="#faults">Faults</a></li>' : '',
    '<li><a href="#details">Details</a></li>',
    answers ? '<li><a href="#answers">Answers</a></li>' : '',
    latency ? '<li><a href="#latency">Latency</a></li>' : '',
    '<li><a href="#scenarios">Scenarios</a></li>',
  ].join('');
  const sources = latency ? 'a conformance report and a latency report' : 'a conformance report';

  const body = [
    '<main class="run">',
    '<header>',
    '<h1>llmcompat report</h1>',
    `<p class="facts">${runFacts(report).map(h).join(' · ')}</p>`,
    provenanceBlock(report),
    summaryBlock(report),
    `<nav aria-label="Sections"><ul>${nav}</ul></nav>`,
    '</header>',
    '<section id="matrix">',
    '<h2>Capability matrix</h2>',
    renderLegend(matrix),
    hasTable ? renderMatrixTable(matrix, context) : '<p>No conformance cases in this run.</p>',
    '</section>',
    matrix.faults
      ? [
          '<section id="faults">',
          '<h2>Faults</h2>',
          '<p>How the harness classified the fault each fixture injects, per protocol.</p>',
          renderFaultTable(matrix.faults, context),
          '</section>',
        ].join('\n')
      : '',
    '<section id="details" class="details">',
    '<h2>Details</h2>',
    renderDetails(matrix, places, anchors),
    '</section>',
    answers
      ? [
          '<section id="answers" class="details">',
          '<h2>Answers of the passing cells</h2>',
          '<p>What each provider answered where the cell passed without a finding: open one to see it.</p>',
          answers,
          '</section>',
        ].join('\n')
      : '',
    latency ? latencySection(latency) : '',
    '<section id="scenarios">',
    '<h2>Scenarios</h2>',
    scenariosTable(matrix),
    '</section>',
    `<footer>Generated by ${h(report.tool.name)} ${h(report.tool.version)} from ${sources}. Self-contained: no ` +
      'scripts, fonts or images are loaded.</footer>',
    '</main>',
  ]
    .filter((part) => part !== '')
    .join('\n');

  return renderHtmlPage(
    `llmcompat report · ${report.run.mode} · ${report.run.startedAt}`,
    RUN_HTML_STYLE,
    body,
  );
}
