import { isRecord } from '../../core/is-record.ts';
import { isNonEmptyString, tokenCount } from './json-value.ts';
import type { ToolCallFragment, WireUsage, WireView } from './wire-event.ts';

export function emptyView(): WireView {
  return { deltas: [], toolCalls: [], finishes: [] };
}

/**
 * Tool-call arguments as wire text: JSON text as sent (OpenAI), or an argument object (Gemini, Ollama, Anthropic)
 * serialised. An empty object carries no argument text: Anthropic opens every streamed call with `input: {}`.
 */
export function wireArgumentsText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text === '{}' ? undefined : text;
}

/** A tool-call fragment read from `source`, the wire object that carries the call. */
export function toolCallFragment(
  choice: number,
  source: Record<string, unknown>,
  fields: { index?: unknown; id?: unknown; name?: unknown; arguments?: unknown },
): ToolCallFragment {
  const fragment: ToolCallFragment = { choice, source };
  if (Number.isInteger(fields.index)) fragment.index = fields.index as number;
  if (isNonEmptyString(fields.id)) fragment.id = fields.id;
  if (typeof fields.name === 'string') fragment.name = fields.name;
  const args = wireArgumentsText(fields.arguments);
  if (args !== undefined) fragment.arguments = args;
  return fragment;
}

/** The `function` object of an OpenAI- or Ollama-style tool call entry, if it has one. */
export function functionOf(entry: Record<string, unknown>): Record<string, unknown> | undefined {
  return isRecord(entry.function) ? entry.function : undefined;
}

/** The values of a wire array that are objects; [] when it is not an array. */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** What an error object says in the listed fields, joined; undefined when it is no object or has none of them. */
export function errorSummary(error: unknown, fields: readonly string[]): string | undefined {
  if (!isRecord(error)) return undefined;
  const parts = fields.map((field) => error[field]).filter((part) => part !== undefined && part !== null);
  return parts.length > 0 ? parts.map(String).join(' ') : undefined;
}

/** The wire's counts, as they came: each is kept only when it is a valid token count. */
export interface UsageCounts {
  input: unknown;
  output: unknown;
  total?: unknown;
  cached?: unknown;
  reasoning?: unknown;
}

const USAGE_FIELDS = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['total', 'totalTokens'],
  ['cached', 'cachedTokens'],
  ['reasoning', 'reasoningTokens'],
] as const;

/** Usage as the wire reported it: the counts that are valid, in an object that says usage came at all. */
export function wireUsage(counts: UsageCounts): WireUsage {
  const usage: WireUsage = {};
  for (const [from, to] of USAGE_FIELDS) {
    const count = tokenCount(counts[from]);
    if (count !== undefined) usage[to] = count;
  }
  return usage;
}
