import type { CaseProvenance } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';
import { printable } from './printable.ts';

type Kind = CaseProvenance['kind'] | 'mixed';

/** Repositories whose traffic the shipped fixtures follow, by the names their users know them by. */
const ORIGIN_NAMES: Readonly<Record<string, string>> = {
  'vercel/ai': 'the Vercel AI SDK',
  'llamastack/llama-stack': 'llama-stack',
};

// `wire-samples/llama-stack/together/6730dcde0b73.json (llamastack/llama-stack@4a5ef65, MIT)`: a sample file of
// recorded traffic, with the repository it comes from and that repository's licence.
const SAMPLE_SOURCE = /\(([\w.-]+\/[\w.-]+)@[0-9a-f]+,\s*([^()]+)\)\s*$/;
const DOCS_SOURCE = /^documented format\b|https?:\/\//i;
// `guessed: a gateway in front of the API answering 502 with its own HTML page`: no source shows it.
const GUESSED_SOURCE = /^guess/i;

/** `2026-11-26` from a date or a timestamp; anything else as it was written. */
const dayOf = (date: string) => /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? printable(date);

function dateSpan(provenances: readonly CaseProvenance[]): string {
  const days = [...new Set(provenances.map((p) => dayOf(p.date)))].sort();
  if (days.length <= 1) return days[0] ?? 'an unstated date';
  return `${days[0]} to ${days.at(-1)}`;
}

const listed = (items: readonly string[]) =>
  items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;

function synthesizedFrom(provenances: readonly CaseProvenance[]): string {
  const origins = new Map<string, string>();
  let docs = false;
  let guesses = false;
  let other = 0;
  for (const source of new Set(provenances.flatMap((p) => p.sources ?? []))) {
    const sample = SAMPLE_SOURCE.exec(source);
    if (sample) origins.set(sample[1]!, printable(sample[2]!.trim()));
    else if (DOCS_SOURCE.test(source)) docs = true;
    else if (GUESSED_SOURCE.test(source)) guesses = true;
    else other++;
  }
  const parts: string[] = [];
  if (docs) parts.push('documented formats');
  if (guesses) parts.push('guesses where nothing is documented');
  if (other > 0) parts.push(other === 1 ? '1 other source' : `${other} other sources`);
  // Last, so the `and` inside it cannot be read as the list's.
  if (origins.size > 0) {
    const names = [...origins.keys()]
      .sort()
      .map((repo) => `${ORIGIN_NAMES[repo] ?? printable(repo)} (${origins.get(repo)})`);
    parts.push(`recorded traffic of ${names.length <= 2 ? names.join(' and ') : listed(names)}`);
  }
  return parts.length === 0 ? 'synthesized' : `synthesized from ${listed(parts)}`;
}

const count = (n: number) => (n === 1 ? '1 case' : `${n} cases`);

/** What a set of replayed fixtures is: `recorded live on <date>`, `synthesized from … , <date>`, or both, counted. */
function phrase(provenances: readonly CaseProvenance[]): string {
  const recorded = provenances.filter((p) => p.kind === 'recorded');
  const synthesized = provenances.filter((p) => p.kind === 'synthesized');
  const span = dateSpan(recorded);
  const recordedText = `recorded live ${span.includes(' to ') ? '' : 'on '}${span}`;
  const synthesizedText = `${synthesizedFrom(synthesized)}, ${dateSpan(synthesized)}`;
  if (synthesized.length === 0) return recordedText;
  if (recorded.length === 0) return synthesizedText;
  return `${count(recorded.length)} ${recordedText}, ${count(synthesized.length)} ${synthesizedText}`;
}

function kindOf(provenances: readonly CaseProvenance[]): Kind {
  const kinds = new Set(provenances.map((p) => p.kind));
  return kinds.size === 1 ? [...kinds][0]! : 'mixed';
}

const KIND_ORDER: readonly Kind[] = ['synthesized', 'recorded', 'mixed'];

/**
 * Where the replayed answers came from, in one or two lines: what most providers' fixtures are (`Fixtures:
 * synthesized from documented formats and recorded traffic of … , 2026-11-26 — not live captures`, or `recorded
 * live on <date>`), then the providers whose fixtures are of another kind. Nothing for a run that replayed nothing.
 */
export function describeProvenance(report: Pick<RunReport, 'cases' | 'providers'>): string[] {
  const byProvider = new Map<string, CaseProvenance[]>();
  for (const provider of report.providers) byProvider.set(provider.id, []);
  for (const result of report.cases) {
    if (!result.provenance) continue;
    const list = byProvider.get(result.provider) ?? [];
    list.push(result.provenance);
    byProvider.set(result.provider, list);
  }
  const providers = [...byProvider].filter(([, list]) => list.length > 0);
  if (providers.length === 0) return [];

  const kinds = new Map(providers.map(([id, list]) => [id, kindOf(list)]));
  const tally = (kind: Kind) => [...kinds.values()].filter((k) => k === kind).length;
  const majority = KIND_ORDER.reduce((best, kind) => (tally(kind) > tally(best) ? kind : best));
  const main = providers.filter(([id]) => kinds.get(id) === majority).flatMap(([, list]) => list);
  const lines = [`Fixtures: ${phrase(main)}${majority === 'synthesized' ? ' — not live captures' : ''}`];

  const others = new Map<string, string[]>();
  for (const [id, list] of providers) {
    if (kinds.get(id) === majority) continue;
    const text = phrase(list);
    others.set(text, [...(others.get(text) ?? []), printable(id)]);
  }
  if (others.size > 0) {
    const groups = [...others].map(([text, ids]) => `${ids.join(', ')}: ${text}`);
    lines.push(`Except ${groups.join('; ')}`);
  }
  return lines;
}
