import { CAPABILITIES } from '../../core/capabilities.ts';
import type { CaseResult } from '../../core/case-result.ts';
import type { MatrixCell } from '../matrix-cell.ts';
import { FOOTNOTE_SECTIONS, type Footnote, type FootnoteItem, type Matrix } from '../matrix-cells.ts';
import { escapeHtml as h } from './escape-html.ts';
import type { PlacedCell } from './render-html-anchors.ts';
import { CELL_WORDS } from './render-html-matrix.ts';
import { renderObserved } from './render-html-observed.ts';

/** Escaped text with its `code spans` (the diagnostics' messages quote wire text that way) set as code. */
export function withCodeSpans(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function renderItem(item: FootnoteItem): string {
  const tag = item.tag ? ` <span class="tag">${h(item.tag)}</span>` : '';
  const evidence = item.evidence === undefined ? '' : `<pre>${h(item.evidence)}</pre>`;
  return `<li><code>${h(item.code)}</code>${tag} — ${withCodeSpans(item.message)}${evidence}</li>`;
}

/** Facts about the case beside its findings: model, capability, what the catalog declares, attempts, the fault. */
function metaLine(result: CaseResult): string {
  const meanings: Readonly<Record<string, string>> = CAPABILITIES;
  const capability = meanings[result.capability];
  const parts = [
    `model <code>${h(result.model)}</code>`,
    `capability <code>${h(result.capability)}</code>${capability ? ` (${h(capability)})` : ''}`,
    result.declared ? 'declared in the catalog' : 'not declared in the catalog',
  ];
  if (result.attempts) {
    const { passed, total } = result.attempts;
    parts.push(`${passed} of ${total} ${total === 1 ? 'attempt' : 'attempts'} passed`);
  }
  const provenance = result.provenance;
  if (provenance) {
    const sources = provenance.sources?.length ? ` from ${provenance.sources.map(h).join('; ')}` : '';
    parts.push(
      provenance.kind === 'recorded'
        ? `fixture recorded live on ${h(provenance.date)}`
        : `fixture synthesized ${h(provenance.date)}${sources}`,
    );
  }
  const fault = result.fault;
  if (fault) {
    parts.push(
      `injected <code>${h(fault.expected)}</code>, classified <code>${h(fault.observed)}</code>, ` +
        (fault.raised ? 'the adapter raised an error' : 'the adapter did not raise'),
    );
  }
  return `<p class="meta">${parts.join(' · ')}</p>`;
}

const badge = (cell: MatrixCell) =>
  `<span class="badge ${cell.mark}"><span class="sym">${h(cell.symbol)}</span> ${h(CELL_WORDS[cell.mark])}</span>`;

/**
 * One footnote as an `<article>`. A footnote for one cell carries that cell's anchor as its id; one shared by
 * several (a skip reason) holds an anchor per cell, so every cell's link lands on it.
 */
function renderEntry(
  footnote: Footnote,
  places: readonly PlacedCell[],
  anchors: ReadonlyMap<MatrixCell, string>,
) {
  const [first] = places;
  const single = places.length === 1 && first ? anchors.get(first.cell) : undefined;
  const mark = first?.cell.mark ?? 'missing';
  const id = single ?? `n-${footnote.number}`;
  const extraAnchors =
    single === undefined
      ? places
          .map((place) => anchors.get(place.cell))
          .filter((anchor) => anchor !== undefined)
          .map((anchor) => `<span id="${h(anchor)}"></span>`)
          .join('')
      : '';
  const result = single === undefined ? undefined : first?.cell.result;
  const catalog = footnote.gapReason
    ? `<p class="catalog"><strong>Catalog:</strong> ${withCodeSpans(footnote.gapReason)}</p>`
    : '';
  return [
    `<article class="entry ${mark}" id="${h(id)}">${extraAnchors}`,
    `<h4>${first ? badge(first.cell) : ''}${h(footnote.where)} <span class="muted">[${footnote.number}]</span></h4>`,
    result ? metaLine(result) : '',
    `<ul class="diagnostics">${footnote.items.map(renderItem).join('')}</ul>`,
    // The answer explains a failure: shown; beside a tolerated deviation or a note: on demand.
    renderObserved(result, mark === 'fail' || mark === 'known-gap' || mark === 'error'),
    catalog,
    '<a class="back" href="#matrix">↑ back to the matrix</a>',
    '</article>',
  ].join('');
}

/**
 * The details of every cell that is not a plain pass, in the footnote sections' order (what fails CI first):
 * outcome, each diagnostic with its evidence, and the catalog's reason for known gaps and unexpected passes.
 */
export function renderDetails(
  matrix: Matrix,
  places: readonly PlacedCell[],
  anchors: ReadonlyMap<MatrixCell, string>,
): string {
  const sections = FOOTNOTE_SECTIONS.flatMap(({ section, title }) => {
    const notes = matrix.footnotes.filter((f) => f.section === section);
    if (notes.length === 0) return [];
    const entries = notes.map((note) =>
      renderEntry(
        note,
        places.filter((place) => place.cell.footnote === note.number),
        anchors,
      ),
    );
    return [`<h3 id="details-${section}">${h(title)}</h3>`, ...entries];
  });
  if (sections.length === 0) return '<p>Every case passed without a finding.</p>';
  return sections.join('\n');
}
