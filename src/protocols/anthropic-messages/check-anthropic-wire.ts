import { type Diagnostic, deviation, failure } from '../../checks/diagnostic.ts';
import type { SseEvent } from '../../wire/sse.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { createDiagnosticList, type DiagnosticList, info } from '../shared/diagnostic-list.ts';
import { bodyText, endOfBodyNote, isNonEmptyString, isRecord, parseJson } from '../shared/read-wire.ts';
import { eventEvidence, eventObject, parseStreamBody } from '../shared/sse-wire.ts';
import { flagToolCallAsText } from '../shared/tool-call-as-text-diagnostic.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';

const KNOWN_EVENTS = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

interface StreamState {
  list: DiagnosticList;
  started: boolean;
  stopped: boolean;
  /** Block index to whether it is still open. */
  blocks: Map<number, boolean>;
  texts: Map<number, string>;
  toolUseBlocks: number;
  stopReason?: string;
  sawUsage: boolean;
}

function badOrder(state: StreamState, kind: string, message: string, event: SseEvent): void {
  state.list.once(failure('bad-event-order', message, eventEvidence(event)), `bad-event-order:${kind}`);
}

function openBlocks(state: StreamState): number[] {
  return [...state.blocks].filter(([, open]) => open).map(([index]) => index);
}

function blockIndex(data: Record<string, unknown>): number | undefined {
  return Number.isInteger(data.index) ? (data.index as number) : undefined;
}

function onBlockStart(state: StreamState, data: Record<string, unknown>, event: SseEvent): void {
  const index = blockIndex(data);
  if (index === undefined) return;
  if (state.blocks.has(index)) {
    badOrder(state, 'block-restarted', `content block ${index} was started twice`, event);
    return;
  }
  state.blocks.set(index, true);
  const block = isRecord(data.content_block) ? data.content_block : {};
  if (block.type === 'text') state.texts.set(index, typeof block.text === 'string' ? block.text : '');
  if (block.type === 'tool_use') state.toolUseBlocks++;
}

function onBlockDeltaOrStop(
  state: StreamState,
  type: string,
  data: Record<string, unknown>,
  event: SseEvent,
): void {
  const index = blockIndex(data);
  if (index === undefined) return;
  const open = state.blocks.get(index);
  if (open === undefined) {
    badOrder(
      state,
      'block-not-started',
      `${type} for content block ${index}, which was never started`,
      event,
    );
    return;
  }
  if (!open) {
    badOrder(state, 'block-stopped', `${type} for content block ${index}, which was already stopped`, event);
    return;
  }
  if (type === 'content_block_stop') {
    state.blocks.set(index, false);
    return;
  }
  const delta = isRecord(data.delta) ? data.delta : {};
  if (delta.type === 'text_delta' && typeof delta.text === 'string') {
    state.texts.set(index, (state.texts.get(index) ?? '') + delta.text);
  }
}

function onMessageEnd(state: StreamState, type: string, event: SseEvent): void {
  const open = openBlocks(state);
  if (open.length > 0) {
    badOrder(
      state,
      'blocks-open',
      `${type} arrived while content block ${open.join(', ')} was still open`,
      event,
    );
  }
}

function onEvent(state: StreamState, event: SseEvent): void {
  const { list } = state;
  // The SDK drops pings by their event name before reading the data, so a ping's data may say anything.
  if (event.event === 'ping') return;
  const data = eventObject(event, list, 'a data event is not a JSON object: the Anthropic SDK throws on it');
  if (!data) return;
  const type = typeof data.type === 'string' ? data.type : undefined;
  if (event.event === 'error' || type === 'error') {
    const error = isRecord(data.error) ? data.error : {};
    const errorType = isNonEmptyString(error.type) ? error.type : 'error';
    const detail = isNonEmptyString(error.message) ? ` (${error.message})` : '';
    list.add(
      failure(
        'stream-error-event',
        `the stream carried an \`error\` event, ${errorType}${detail}: the answer stops there though the status was 200`,
        errorType,
      ),
    );
    return;
  }
  if (event.event === undefined) {
    badOrder(
      state,
      'no-event-name',
      `an event of type ${type ?? '(none)'} has no \`event:\` line: the Anthropic SDK skips events without a name`,
      event,
    );
  } else if (event.event !== type) {
    badOrder(
      state,
      'name-mismatch',
      `the \`event: ${event.event}\` line disagrees with the data's type ${type ?? '(none)'}`,
      event,
    );
  }
  const name = type ?? event.event ?? '';
  if (name === 'ping') return;
  if (state.stopped) {
    badOrder(state, 'after-stop', `${name} arrived after message_stop`, event);
    return;
  }
  if (!KNOWN_EVENTS.has(name)) {
    list.once(
      info(
        'unknown-event',
        `unknown event type ${name}: clients must ignore it (the Anthropic SDK does)`,
        eventEvidence(event),
      ),
      `unknown-event:${name}`,
    );
    return;
  }
  if (name === 'message_start') {
    if (state.started) badOrder(state, 'restarted', 'message_start arrived twice', event);
    state.started = true;
    const message = isRecord(data.message) ? data.message : {};
    if (isRecord(message.usage)) state.sawUsage = true;
    return;
  }
  if (!state.started) {
    badOrder(state, 'no-start', `the stream starts with ${name}, not message_start`, event);
    state.started = true;
  }
  switch (name) {
    case 'content_block_start':
      onBlockStart(state, data, event);
      break;
    case 'content_block_delta':
    case 'content_block_stop':
      onBlockDeltaOrStop(state, name, data, event);
      break;
    case 'message_delta': {
      onMessageEnd(state, name, event);
      const delta = isRecord(data.delta) ? data.delta : {};
      if (isNonEmptyString(delta.stop_reason)) state.stopReason = delta.stop_reason;
      if (isRecord(data.usage)) state.sawUsage = true;
      break;
    }
    case 'message_stop':
      onMessageEnd(state, name, event);
      state.stopped = true;
      break;
  }
}

function checkStopReason(list: DiagnosticList, stopReason: string | undefined, toolUseBlocks: number): void {
  if (toolUseBlocks > 0 && stopReason !== undefined && stopReason !== 'tool_use') {
    list.once(
      deviation(
        'finish-reason-mismatch',
        `tool_use blocks were sent but stop_reason is "${stopReason}": clients that branch on it will not run the tools`,
      ),
    );
  } else if (toolUseBlocks === 0 && stopReason === 'tool_use') {
    list.once(
      deviation('finish-reason-mismatch', 'stop_reason is "tool_use" but the message has no tool_use block'),
    );
  }
}

function checkStream(
  text: string,
  exchange: TappedExchange,
  context: WireCheckContext,
  list: DiagnosticList,
): void {
  const parsed = parseStreamBody(text, exchange, list);
  if (!parsed) return;
  const state: StreamState = {
    list,
    started: false,
    stopped: false,
    blocks: new Map(),
    texts: new Map(),
    toolUseBlocks: 0,
    sawUsage: false,
  };
  for (const event of parsed.events) onEvent(state, event);

  const last = parsed.unterminated;
  if (last?.event && parseJson(last.event.data).ok) {
    // The Anthropic SDK drops an event that has no blank line after it.
    list.add(
      deviation(
        'unterminated-event',
        'the last event has no blank line after it: the Anthropic SDK drops it',
        last.raw,
      ),
    );
    onEvent(state, last.event);
  } else if (last) {
    list.add(
      failure(
        'truncated-stream',
        `the stream ended in the middle of an event${endOfBodyNote(exchange)}`,
        last.raw,
      ),
    );
  }
  if (!state.stopped && !list.has('truncated-stream')) {
    const lastEvent = parsed.events.at(-1);
    list.add(
      failure(
        'truncated-stream',
        `the stream ended without message_stop${endOfBodyNote(exchange)}: the message may be incomplete`,
        lastEvent ? eventEvidence(lastEvent) : text,
      ),
    );
  }
  if (state.stopReason === undefined) {
    list.add(
      failure(
        'no-finish-reason',
        'no message_delta carried a stop_reason: the stream never said why it stopped',
      ),
    );
  }
  if (context.toolsOffered) {
    flagToolCallAsText(list, state.texts.values(), 'a text content block', 'a tool_use block');
  }
  checkStopReason(list, state.stopReason, state.toolUseBlocks);
  if (context.usageRequested && !state.sawUsage) {
    list.add(failure('usage-missing', 'neither message_start nor message_delta carried `usage`'));
  }
}

function checkBody(text: string, context: WireCheckContext, list: DiagnosticList): void {
  const json = parseJson(text);
  if (!json.ok || !isRecord(json.value)) {
    list.add(failure('invalid-json-chunk', 'the response body is not a JSON object', text));
    return;
  }
  const body = json.value;
  if (body.type === 'error') {
    list.add(failure('error-in-body', 'the provider reported an error in a 2xx response', text));
    return;
  }
  const content = Array.isArray(body.content) ? body.content.filter(isRecord) : [];
  const stopReason = isNonEmptyString(body.stop_reason) ? body.stop_reason : undefined;
  if (stopReason === undefined) {
    list.add(failure('no-finish-reason', 'the message has no stop_reason: it never said why it stopped'));
  }
  if (context.toolsOffered) {
    const texts = content.flatMap((block) =>
      block.type === 'text' && typeof block.text === 'string' ? [block.text] : [],
    );
    flagToolCallAsText(list, texts, 'a text content block', 'a tool_use block');
  }
  checkStopReason(list, stopReason, content.filter((block) => block.type === 'tool_use').length);
  if (context.usageRequested && !isRecord(body.usage)) {
    list.add(failure('usage-missing', 'usage was expected but the message has no `usage` object'));
  }
}

export function checkAnthropicWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const list = createDiagnosticList();
  const text = bodyText(exchange);
  if (context.stream) checkStream(text, exchange, context, list);
  else checkBody(text, context, list);
  return list.items;
}
