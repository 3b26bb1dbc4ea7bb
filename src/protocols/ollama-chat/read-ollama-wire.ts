import { isRecord } from '../../core/is-record.ts';
import { isNonEmptyString } from '../shared/json-value.ts';
import { EMPTY_VIEW, type WireFormat, type WireView } from '../shared/wire-event.ts';
import { emptyView, functionOf, records, toolCallFragment, wireUsage } from '../shared/wire-view.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';

/**
 * Ollama `/api/chat`: each NDJSON line, and a whole answer, has a `message` with `content`, `thinking` and whole
 * `tool_calls`; lines with empty content carry nothing. The `done: true` line gives the done_reason; the eval
 * counts are the usage. An `error` field is an error.
 */
export function readOllamaValue(value: unknown): WireView {
  if (!isRecord(value)) return EMPTY_VIEW;
  const view = emptyView();
  const message = isRecord(value.message) ? value.message : {};
  if (typeof message.content === 'string')
    view.deltas.push({ type: 'text', text: message.content, choice: 0 });
  if (typeof message.thinking === 'string') {
    view.deltas.push({ type: 'reasoning', text: message.thinking, choice: 0 });
  }
  for (const call of records(message.tool_calls)) {
    const fn = functionOf(call);
    view.toolCalls.push(toolCallFragment(0, call, { id: call.id, name: fn?.name, arguments: fn?.arguments }));
  }
  if (typeof value.prompt_eval_count === 'number' || typeof value.eval_count === 'number') {
    view.usage = wireUsage({ input: value.prompt_eval_count, output: value.eval_count });
  }
  if (value.done === true && isNonEmptyString(value.done_reason)) {
    const raw = value.done_reason;
    view.finishes.push({ choice: 0, raw, reason: mapOllamaFinishReason(raw, false) });
  }
  if (value.error !== undefined && value.error !== null) {
    view.error = typeof value.error === 'string' ? { summary: value.error } : {};
  }
  return view;
}

export const OLLAMA_WIRE: WireFormat = { framing: 'ndjson', read: readOllamaValue };
