import {
  type CaseResult,
  OBSERVED_USAGE_KINDS,
  type Observed,
  type ObservedText,
} from '../../core/case-result.ts';
import { escapeHtml as h } from './escape-html.ts';
import type { PlacedCell } from './render-html-anchors.ts';

function textBlock(label: string, text: ObservedText): string {
  const trimmed =
    text.trimmedFrom === undefined
      ? ''
      : ` <span class="muted">(first ${text.text.length} of ${text.trimmedFrom} characters)</span>`;
  const body = text.text === '' ? '<p class="muted">(empty)</p>' : `<pre>${h(text.text)}</pre>`;
  return `<p><strong>${label}</strong>${trimmed}</p>${body}`;
}

function usageLine(observed: Observed): string {
  const usage = observed.usage;
  if (!usage) return '';
  const counts = OBSERVED_USAGE_KINDS.filter((kind) => usage[kind] !== undefined).map(
    (kind) => `${kind} ${usage[kind]}`,
  );
  return counts.length === 0 ? '' : `<p><strong>Usage</strong> ${h(counts.join(' · '))}</p>`;
}

/** The answer as the report holds it: text, reasoning, each call as assembled, the finish, the usage. */
function observedBody(observed: Observed): string {
  const parts: string[] = [];
  if (observed.text) parts.push(textBlock('Text', observed.text));
  if (observed.reasoning) parts.push(textBlock('Reasoning', observed.reasoning));
  for (const call of observed.toolCalls) {
    const id = call.id === '' ? 'no id' : `id <code>${h(call.id)}</code>`;
    const parses = 'parsed' in call ? '' : ' <span class="tag">not JSON</span>';
    parts.push(
      `<p><strong>Call</strong> <code>${h(call.name)}</code> (${id})${parses}</p><pre>${h(call.arguments)}</pre>`,
    );
  }
  if (observed.finish) {
    const { reason, raw } = observed.finish;
    const wire = raw === undefined ? '' : `, on the wire <code>${h(raw)}</code>`;
    parts.push(`<p><strong>Finish</strong> <code>${h(reason)}</code>${wire}</p>`);
  }
  parts.push(usageLine(observed));
  return parts.join('');
}

function detailsOf(observed: Observed, summary: string, open: boolean): string {
  const turn = observed.turn === undefined ? '' : ` (turn ${observed.turn})`;
  return (
    `<details class="observed"${open ? ' open' : ''}><summary>${summary}${turn}</summary>` +
    `${observedBody(observed)}</details>`
  );
}

/**
 * What the provider answered, as a `<details>` element: open where it explains a failure, closed (on demand) on a
 * passing cell. Nothing for a case that has no answer to show.
 */
export function renderObserved(result: CaseResult | undefined, open: boolean): string {
  const observed = result?.observed;
  return observed?.finish ? detailsOf(observed, 'What the provider answered', open) : '';
}

/** The answers of the plain passes (the cells without a details entry), each on demand under its cell's name. */
export function renderPassingAnswers(places: readonly PlacedCell[]): string {
  return places
    .filter((place) => place.cell.footnote === undefined && place.cell.mark === 'pass')
    .flatMap((place) => {
      const observed = place.cell.result?.observed;
      return observed?.finish ? [detailsOf(observed, h(`${place.provider} › ${place.scenario}`), false)] : [];
    })
    .join('\n');
}
