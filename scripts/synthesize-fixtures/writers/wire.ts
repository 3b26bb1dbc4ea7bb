import type { ProviderEntry } from '../../../src/catalog/providers.ts';
import type { FixtureChunk } from '../../../src/fixtures/fixture.ts';
import type { AnswerPlan, ExchangePlan } from '../plans.ts';
import type { Rng } from '../prng.ts';
import type { Clock } from '../timing.ts';
import { jsonTokens, textTokens } from '../tokens.ts';

export interface WireContext {
  provider: ProviderEntry;
  scenarioId: string;
  stream: boolean;
  plan: ExchangePlan;
  /** The parsed JSON body the adapter sent. */
  body: Record<string, unknown>;
  /** The model the request asked for. */
  model: string;
  rng: Rng;
  clock: Clock;
  /** Unix seconds of the request. */
  created: number;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  chunks: FixtureChunk[];
}

export type WireWriter = (context: WireContext) => WireResponse;

/** An SSE data event; Google frames its events with CRLF. */
export const sseData = (data: string, eol = '\n'): string => `data: ${data}${eol}${eol}`;
export const sseEvent = (event: string, data: string): string => `event: ${event}\ndata: ${data}\n\n`;

/** A non-streamed body as it arrives: one read, or two when it is long. */
export function bodyChunks(text: string, t: number, rng: Rng): FixtureChunk[] {
  if (text.length < 900) return [{ t, text }];
  const cut = rng.int(Math.floor(text.length * 0.4), Math.floor(text.length * 0.8));
  return [
    { t, text: text.slice(0, cut) },
    { t: t + rng.int(0, 2), text: text.slice(cut) },
  ];
}

/** Tokens the answer's thinking costs; 0 without thinking. */
export function reasoningTokens(plan: AnswerPlan): number {
  return plan.reasoning ? textTokens(plan.reasoning).length : 0;
}

/** Output tokens of an answer: its thinking and text pieces, plus what each call's name and arguments cost. */
export function outputTokens(plan: AnswerPlan): number {
  const text = (plan.text === '' ? 0 : textTokens(plan.text).length) + reasoningTokens(plan);
  const calls = plan.calls.reduce((sum, c) => sum + 6 + jsonTokens(JSON.stringify(c.args)).length, 0);
  // The end-of-turn token, which an answer cut at the output limit never reached.
  return Math.max(1, text + calls + (plan.stop === 'length' ? 0 : 1));
}

/** JSON with the provider's spacing: compact, or `{"city": "Paris"}` as some models write it. */
export const compactJson = (value: unknown): string => JSON.stringify(value);
export const spacedJson = (value: unknown): string =>
  JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');

/** Keys sorted at every level (Google's OpenAI endpoint answers with sorted keys). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

export function isAnswer(plan: ExchangePlan): plan is AnswerPlan {
  return plan.kind === 'answer';
}
