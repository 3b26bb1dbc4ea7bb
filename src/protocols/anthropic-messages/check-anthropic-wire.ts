import { type Diagnostic, deviation, failure } from '../../core/diagnostic.ts';
import { isRecord } from '../../core/is-record.ts';
import { bodyText } from '../../wire/body-text.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { AnswerTally } from '../shared/answer-tally.ts';
import { type AnswerWords, checkAnswer } from '../shared/check-answer.ts';
import { createDiagnosticList, type DiagnosticList, info } from '../shared/diagnostic-list.ts';
import { endOfBodyNote } from '../shared/end-of-body-note.ts';
import { eventEvidence, eventObject, readSseBody } from '../shared/read-sse-body.ts';
import { readWholeBody } from '../shared/read-wire-events.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import type { WireEvent, WireFinish } from '../shared/wire-event.ts';
import { ANTHROPIC_WIRE, blockIndex } from './read-anthropic-wire.ts';

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
  answer: AnswerTally;
}

function badOrder(state: StreamState, kind: string, message: string, event: WireEvent): void {
  state.list.once(failure('bad-event-order', message, eventEvidence(event)), `bad-event-order:${kind}`);
}

function openBlocks(state: StreamState): number[] {
  return [...state.blocks].filter(([, open]) => open).map(([index]) => index);
}

function onBlockStart(state: StreamState, data: Record<string, unknown>, event: WireEvent): void {
  const index = blockIndex(data);
  if (index === undefined) return;
  if (state.blocks.has(index)) {
    badOrder(state, 'block-restarted', `content block ${index} was started twice`, event);
    return;
  }
  state.blocks.set(index, true);
  state.answer.add(event.view);
}

function onBlockDeltaOrStop(
  state: StreamState,
  type: string,
  data: Record<string, unknown>,
  event: WireEvent,
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
  if (type === 'content_block_stop') state.blocks.set(index, false);
  else state.answer.add(event.view);
}

function onMessageEnd(state: StreamState, type: string, event: WireEvent): void {
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

function onEvent(state: StreamState, event: WireEvent): void {
  const { list } = state;
  // The SDK drops pings by their event name before reading the data, so a ping's data may say anything.
  if (event.name === 'ping') return;
  const data = eventObject(event, list, 'a data event is not a JSON object: the Anthropic SDK throws on it');
  if (!data) return;
  const type = typeof data.type === 'string' ? data.type : undefined;
  const { error } = event.view;
  if (error) {
    const detail = error.message === undefined ? '' : ` (${error.message})`;
    list.add(
      failure(
        'stream-error-event',
        `the stream carried an \`error\` event, ${error.type ?? 'error'}${detail}: the answer stops there though the status was 200`,
        error.type ?? 'error',
      ),
    );
    return;
  }
  if (event.name === undefined) {
    badOrder(
      state,
      'no-event-name',
      `an event of type ${type ?? '(none)'} has no \`event:\` line: the Anthropic SDK skips events without a name`,
      event,
    );
  } else if (event.name !== type) {
    badOrder(
      state,
      'name-mismatch',
      `the \`event: ${event.name}\` line disagrees with the data's type ${type ?? '(none)'}`,
      event,
    );
  }
  const name = type ?? event.name ?? '';
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
    state.answer.add(event.view);
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
    case 'message_delta':
      onMessageEnd(state, name, event);
      state.answer.add(event.view);
      break;
    case 'message_stop':
      onMessageEnd(state, name, event);
      state.stopped = true;
      break;
  }
}

function finishMismatch(finish: WireFinish | undefined, toolUseBlocks: number): Diagnostic | undefined {
  const stopReason = finish?.raw;
  if (toolUseBlocks > 0 && stopReason !== undefined && stopReason !== 'tool_use') {
    return deviation(
      'finish-reason-mismatch',
      `tool_use blocks were sent but stop_reason is "${stopReason}": clients that branch on it will not run the tools`,
    );
  }
  if (toolUseBlocks === 0 && stopReason === 'tool_use') {
    return deviation(
      'finish-reason-mismatch',
      'stop_reason is "tool_use" but the message has no tool_use block',
    );
  }
  return undefined;
}

const BLOCK_WORDS = { textField: 'a text content block', callField: 'a tool_use block', finishMismatch };

const STREAM_WORDS: AnswerWords = {
  ...BLOCK_WORDS,
  noFinishReason: 'no message_delta carried a stop_reason: the stream never said why it stopped',
  usageMissing: 'neither message_start nor message_delta carried `usage`',
};

const BODY_WORDS: AnswerWords = {
  ...BLOCK_WORDS,
  noFinishReason: 'the message has no stop_reason: it never said why it stopped',
  usageMissing: 'usage was expected but the message has no `usage` object',
};

function checkStream(exchange: TappedExchange, context: WireCheckContext, list: DiagnosticList): void {
  const state: StreamState = {
    list,
    started: false,
    stopped: false,
    blocks: new Map(),
    answer: new AnswerTally(),
  };
  const body = readSseBody(exchange, ANTHROPIC_WIRE, list, (event) => onEvent(state, event));
  if (!body) return;

  const last = body.unterminated;
  if (last?.kind === 'event' && last.json.ok) {
    // The Anthropic SDK drops an event that has no blank line after it.
    list.add(
      deviation(
        'unterminated-event',
        'the last event has no blank line after it: the Anthropic SDK drops it',
        last.raw,
      ),
    );
    onEvent(state, last);
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
    const { lastEvent } = body;
    list.add(
      failure(
        'truncated-stream',
        `the stream ended without message_stop${endOfBodyNote(exchange)}: the message may be incomplete`,
        lastEvent ? eventEvidence(lastEvent) : bodyText(exchange),
      ),
    );
  }
  checkAnswer(state.answer, STREAM_WORDS, context, list);
}

function checkBody(exchange: TappedExchange, context: WireCheckContext, list: DiagnosticList): void {
  const event = readWholeBody(exchange, ANTHROPIC_WIRE);
  if (!event.json.ok || !isRecord(event.json.value)) {
    list.add(failure('invalid-json-chunk', 'the response body is not a JSON object', event.data));
    return;
  }
  if (event.view.error) {
    list.add(failure('error-in-body', 'the provider reported an error in a 2xx response', event.data));
    return;
  }
  const answer = new AnswerTally();
  answer.add(event.view);
  checkAnswer(answer, BODY_WORDS, context, list);
}

export function checkAnthropicWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const list = createDiagnosticList();
  if (context.stream) checkStream(exchange, context, list);
  else checkBody(exchange, context, list);
  return list.items;
}
