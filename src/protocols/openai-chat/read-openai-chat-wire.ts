import { isRecord } from '../../core/is-record.ts';
import { isNonEmptyString } from '../shared/json-value.ts';
import { splitContent } from '../shared/split-content.ts';
import { EMPTY_VIEW, type WireFormat, type WireUsage, type WireView } from '../shared/wire-event.ts';
import {
  emptyView,
  errorSummary,
  functionOf,
  records,
  toolCallFragment,
  wireUsage,
} from '../shared/wire-view.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { readReasoning } from './read-openai-extras.ts';

function readMessage(view: WireView, message: Record<string, unknown>, choice: number): void {
  const { text, reasoning } = splitContent(message.content);
  view.deltas.push({ type: 'text', text, choice });
  // Mistral thinks in content chunks, the OpenAI-compatible providers in a field of their own (as the adapter reads it).
  for (const field of [reasoning, readReasoning(message)]) {
    if (isNonEmptyString(field)) view.deltas.push({ type: 'reasoning', text: field, choice });
  }
  for (const entry of records(message.tool_calls)) {
    const fn = functionOf(entry);
    view.toolCalls.push(
      toolCallFragment(choice, entry, {
        index: entry.index,
        id: entry.id,
        name: fn?.name,
        arguments: fn?.arguments,
      }),
    );
  }
}

/**
 * `usage`: prompt, completion and total; cached tokens under `prompt_tokens_details` (Together puts them at the top
 * level), reasoning tokens (part of the completion count) under `completion_tokens_details`.
 */
function readUsage(usage: Record<string, unknown>): WireUsage {
  const prompt = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completion = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  return wireUsage({
    input: usage.prompt_tokens,
    output: usage.completion_tokens,
    total: usage.total_tokens,
    cached: prompt.cached_tokens ?? usage.cached_tokens,
    reasoning: completion.reasoning_tokens,
  });
}

function readError(error: unknown): string | undefined {
  return typeof error === 'string' ? error : errorSummary(error, ['code', 'message']);
}

/**
 * OpenAI chat completions and their kin (Mistral, the OpenAI-compatible providers): a stream chunk's
 * `choices[].delta` or a whole answer's `choices[].message`, or the legacy completions shape `choices[].text`
 * (Together still sends it). `content` may be an array of text and thinking chunks (Mistral). A role-only delta
 * (`content: ""`), the finish chunk and the usage-only chunk (`choices: []`) carry no content. An `error` object,
 * or an SSE event named `error`, is an error inside the answer (OpenRouter).
 */
export function readOpenAiChatValue(value: unknown, name: string | undefined): WireView {
  if (!isRecord(value)) return EMPTY_VIEW;
  const view = emptyView();
  for (const entry of Array.isArray(value.choices) ? value.choices : []) {
    if (!isRecord(entry)) continue;
    const choice = typeof entry.index === 'number' ? entry.index : 0;
    const message = isRecord(entry.delta) ? entry.delta : isRecord(entry.message) ? entry.message : undefined;
    if (message) readMessage(view, message, choice);
    else if (typeof entry.text === 'string') view.deltas.push({ type: 'text', text: entry.text, choice });
    if (isNonEmptyString(entry.finish_reason)) {
      const raw = entry.finish_reason;
      view.finishes.push({ choice, raw, reason: mapOpenAIFinishReason(raw) });
    }
  }
  if (isRecord(value.usage)) view.usage = readUsage(value.usage);
  if ((value.error !== undefined && value.error !== null) || name === 'error') {
    const summary = readError(value.error);
    view.error = summary === undefined ? {} : { summary };
  }
  return view;
}

export const OPENAI_CHAT_WIRE: WireFormat = { framing: 'sse', read: readOpenAiChatValue };
