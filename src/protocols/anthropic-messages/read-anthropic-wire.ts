import { isRecord } from '../../core/is-record.ts';
import { isNonEmptyString, tokenCount } from '../shared/json-value.ts';
import { EMPTY_VIEW, type WireFormat, type WireUsage, type WireView } from '../shared/wire-event.ts';
import { emptyView, toolCallFragment, wireUsage } from '../shared/wire-view.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

/** A content block's index, when the wire gave an integer. */
export function blockIndex(data: Record<string, unknown>): number | undefined {
  return Number.isInteger(data.index) ? (data.index as number) : undefined;
}

function readBlock(view: WireView, block: Record<string, unknown>, index: number | undefined): void {
  const at = index === undefined ? {} : { block: index };
  switch (block.type) {
    case 'text':
      view.deltas.push({
        type: 'text',
        text: typeof block.text === 'string' ? block.text : '',
        choice: 0,
        ...at,
      });
      break;
    case 'thinking':
      if (typeof block.thinking === 'string') {
        view.deltas.push({ type: 'reasoning', text: block.thinking, choice: 0, ...at });
      }
      break;
    case 'tool_use':
    case 'server_tool_use': {
      const fragment = toolCallFragment(0, block, {
        index,
        id: block.id,
        name: block.name,
        arguments: block.input,
      });
      if (block.type === 'server_tool_use') fragment.server = true;
      view.toolCalls.push(fragment);
      break;
    }
    default:
      break;
  }
}

function readDelta(view: WireView, data: Record<string, unknown>): void {
  const index = blockIndex(data);
  const delta = isRecord(data.delta) ? data.delta : {};
  const at = index === undefined ? {} : { block: index };
  if (delta.type === 'text_delta' && typeof delta.text === 'string') {
    view.deltas.push({ type: 'text', text: delta.text, choice: 0, ...at });
  } else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') {
    view.deltas.push({ type: 'reasoning', text: delta.thinking, choice: 0, ...at });
  } else if (delta.type === 'input_json_delta') {
    const partial = typeof delta.partial_json === 'string' ? delta.partial_json : undefined;
    const fragment = toolCallFragment(0, delta, { index, arguments: partial });
    fragment.continuation = true;
    view.toolCalls.push(fragment);
  }
}

function readFinish(view: WireView, stopReason: unknown): void {
  if (isNonEmptyString(stopReason)) {
    view.finishes.push({ choice: 0, raw: stopReason, reason: mapAnthropicFinishReason(stopReason) });
  }
}

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens` (cache reads and cache writes): they are added in,
 * as the adapter adds them, so that input means the whole prompt as in every other protocol. There is no total.
 */
function readUsage(usage: Record<string, unknown>, withOutput: boolean): WireUsage {
  const input = tokenCount(usage.input_tokens);
  const cacheRead = tokenCount(usage.cache_read_input_tokens);
  const cacheWrite = tokenCount(usage.cache_creation_input_tokens);
  return wireUsage({
    input: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    output: withOutput ? usage.output_tokens : undefined,
    cached: cacheRead,
  });
}

function readMessage(view: WireView, message: Record<string, unknown>): void {
  const content = Array.isArray(message.content) ? message.content : [];
  content.forEach((block, index) => {
    if (isRecord(block)) readBlock(view, block, index);
  });
  readFinish(view, message.stop_reason);
  if (isRecord(message.usage)) view.usage = readUsage(message.usage, true);
}

/**
 * Anthropic Messages. A stream event is read by its data's `type`, or by its `event:` name when the data has none;
 * a whole answer is a `message`. `message_start` carries the input count and a placeholder output count, so its
 * output is not read; `message_delta` carries the stop_reason and the cumulative usage. `ping` events are dropped
 * by name, as the SDK drops them, whatever their data; an `error` event or body is an error.
 */
export function readAnthropicValue(value: unknown, name: string | undefined, whole: boolean): WireView {
  if (!isRecord(value) || name === 'ping') return EMPTY_VIEW;
  const type = typeof value.type === 'string' ? value.type : undefined;
  const view = emptyView();
  if (name === 'error' || type === 'error') {
    const error = isRecord(value.error) ? value.error : {};
    view.error = {};
    if (isNonEmptyString(error.type)) view.error.type = error.type;
    if (isNonEmptyString(error.message)) view.error.message = error.message;
    return view;
  }
  switch (whole ? 'message' : (type ?? name)) {
    case 'message_start': {
      const message = isRecord(value.message) ? value.message : {};
      if (isRecord(message.usage)) view.usage = readUsage(message.usage, false);
      break;
    }
    case 'content_block_start':
      readBlock(view, isRecord(value.content_block) ? value.content_block : {}, blockIndex(value));
      break;
    case 'content_block_delta':
      readDelta(view, value);
      break;
    case 'message_delta': {
      readFinish(view, isRecord(value.delta) ? value.delta.stop_reason : undefined);
      if (isRecord(value.usage)) view.usage = readUsage(value.usage, true);
      break;
    }
    case 'message':
      readMessage(view, value);
      break;
    default:
      break;
  }
  return view;
}

export const ANTHROPIC_WIRE: WireFormat = { framing: 'sse', read: readAnthropicValue };
