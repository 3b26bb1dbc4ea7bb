import { type Diagnostic, deviation, failure } from '../../core/diagnostic.ts';
import { isRecord } from '../../core/is-record.ts';
import { bodyText } from '../../wire/body-text.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { AnswerTally } from '../shared/answer-tally.ts';
import { type AnswerWords, checkAnswer } from '../shared/check-answer.ts';
import { createDiagnosticList, type DiagnosticList } from '../shared/diagnostic-list.ts';
import { endOfBodyNote } from '../shared/end-of-body-note.ts';
import { parseJson } from '../shared/json-value.ts';
import { eventEvidence, eventObject, readSseBody } from '../shared/read-sse-body.ts';
import { readWholeBody } from '../shared/read-wire-events.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import type { ToolCallFragment, WireError, WireEvent, WireFinish } from '../shared/wire-event.ts';
import { functionOf } from '../shared/wire-view.ts';
import { OPENAI_CHAT_WIRE } from './read-openai-chat-wire.ts';

export interface OpenAiChatWireAnalysis {
  diagnostics: Diagnostic[];
  /** Every non-empty tool call id the response carried, in order. */
  toolCallIds: string[];
}

/** How a choice's streamed tool-call fragments are assembled into calls, as a client assembling by index would. */
interface CallAssembly {
  /** Call keys (`i<index>`, `id:<id>` or `n<ordinal>`) to the id the call started with. */
  calls: Map<string, string>;
  /** Call keys to the argument text assembled so far, and the fragment that opened the call (for evidence). */
  arguments: Map<string, { text: string; opening: string }>;
  lastCallKey?: string;
}

interface Analysis {
  list: DiagnosticList;
  toolCallIds: string[];
}

function finishMismatch(finish: WireFinish | undefined, calls: number): Diagnostic | undefined {
  if (calls > 0 && finish?.raw === 'stop') {
    return deviation(
      'finish-reason-mismatch',
      'tool calls were sent but finish_reason is "stop", not "tool_calls": ' +
        'clients that branch on finish_reason will not run the tools',
    );
  }
  if (calls === 0 && finish?.raw === 'tool_calls') {
    return deviation(
      'finish-reason-mismatch',
      'finish_reason is "tool_calls" but the response carried no tool_calls: clients will look for calls that are not there',
    );
  }
  return undefined;
}

const STREAM_WORDS: AnswerWords = {
  noFinishReason: 'no chunk carried a finish_reason: the stream never said why it stopped',
  textField: 'delta.content',
  callField: 'delta.tool_calls',
  usageMissing: 'usage was requested but no chunk carried a `usage` object',
  finishMismatch,
};

/**
 * Arguments `""`, null or missing where JSON text is due (`"{}"` for a tool without parameters). Tolerated: an
 * adapter can read them as {}, but clients that JSON.parse them throw, and some servers reject them echoed back.
 */
function emptyArguments(evidence: string): Diagnostic {
  return deviation(
    'empty-arguments-string',
    'a tool call came with empty arguments ("" or null) instead of JSON text such as "{}": clients that ' +
      'JSON.parse the arguments throw, and a history that echoes them back may be rejected',
    evidence,
  );
}

/** How many JSON objects `text` holds back to back (`{..}{..}`), blank space between allowed; 0 when it is not that. */
function objectsBackToBack(text: string): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = 0;
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      if (depth === 0) return 0;
      inString = true;
    } else if (char === '{') {
      if (depth === 0) start = at;
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth < 0) return 0;
      if (depth === 0) {
        if (!parseJson(text.slice(start, at + 1)).ok) return 0;
        count++;
      }
    } else if (depth === 0 && char?.trim() !== '') {
      return 0;
    }
  }
  return depth === 0 ? count : 0;
}

/** What one assembled call's argument text says is wrong with it, if anything. */
function assembledArgumentsProblem(text: string, opening: string): Diagnostic | undefined {
  if (text === '') return emptyArguments(opening);
  const objects = objectsBackToBack(text);
  if (objects < 2) return undefined;
  return failure(
    'parallel-index-collision',
    `${objects} tool calls were streamed under one index without ids of their own, so their arguments ` +
      'concatenate into one text that is no JSON (`{..}{..}`): a client assembling by index, and the adapter, ' +
      'get one broken call instead of several',
    text,
  );
}

function describeError(error: WireError | undefined): string {
  return error?.summary === undefined ? '' : `: ${error.summary}`;
}

function trackToolCall(analysis: Analysis, state: CallAssembly, call: ToolCallFragment): void {
  const { list } = analysis;
  const { id } = call;
  const evidence = JSON.stringify(call.source);
  let key: string;
  if (call.index !== undefined) {
    key = `i${String(call.index)}`;
  } else {
    list.once(
      deviation(
        'missing-index',
        'a delta.tool_calls entry has no integer `index`: clients that assemble calls by index ' +
          '(the openai SDK stream helpers) misplace or drop it, so an adapter has to guess which call it belongs to',
        evidence,
      ),
    );
    if (id !== undefined) key = `id:${id}`;
    else if (call.name || state.lastCallKey === undefined) key = `n${state.calls.size}`;
    else key = state.lastCallKey;
  }
  const assembled = state.arguments.get(key) ?? { text: '', opening: evidence };
  state.arguments.set(key, { ...assembled, text: assembled.text + (call.arguments ?? '') });
  const startedWith = state.calls.get(key);
  if (startedWith === undefined) {
    state.calls.set(key, id ?? '');
    if (id === undefined) {
      list.once(
        deviation(
          'empty-tool-call-id',
          'the first delta of a tool call has an empty or missing `id`: the tool result cannot be tied back to its call ' +
            'unless the client makes an id up',
          evidence,
        ),
      );
    } else {
      analysis.toolCallIds.push(id);
    }
  } else if (id !== undefined && startedWith !== '' && id !== startedWith) {
    list.once(
      deviation(
        'reused-index',
        `a new tool call (id ${id}) reuses the index of call ${startedWith}: clients that assemble calls by index ` +
          'merge the two into one broken call',
        evidence,
      ),
    );
    state.calls.set(key, id);
    // Its own id tells the call apart: its arguments start afresh.
    state.arguments.set(key, { text: call.arguments ?? '', opening: evidence });
    analysis.toolCallIds.push(id);
  }
  state.lastCallKey = key;
}

function assembly(assemblies: Map<number, CallAssembly>, choice: number): CallAssembly {
  let state = assemblies.get(choice);
  if (!state) {
    state = { calls: new Map(), arguments: new Map() };
    assemblies.set(choice, state);
  }
  return state;
}

interface StreamState {
  analysis: Analysis;
  answer: AnswerTally;
  assemblies: Map<number, CallAssembly>;
  sawDone: boolean;
}

function onEvent(state: StreamState, event: WireEvent): void {
  const { list } = state.analysis;
  if (state.sawDone) {
    list.once(
      deviation(
        'data-after-done',
        'events arrived after `data: [DONE]`: clients stop reading at [DONE] and never see them',
        eventEvidence(event),
      ),
    );
    return;
  }
  if (event.data === '[DONE]') {
    state.sawDone = true;
    return;
  }
  const chunk = eventObject(
    event,
    list,
    'a data event is not a JSON object: SDKs throw on it and the rest of the stream is lost',
  );
  if (!chunk) return;
  const { view } = event;
  if (view.error) {
    list.once(
      failure(
        'mid-stream-error',
        `the provider reported an error inside a 200 stream${describeError(view.error)}: ` +
          'the answer is cut short though the HTTP status said success',
        event.data,
      ),
    );
  }
  state.answer.add(view);
  for (const call of view.toolCalls) {
    trackToolCall(state.analysis, assembly(state.assemblies, call.choice), call);
  }
  if (view.finishes.some((finish) => finish.raw === 'error')) {
    list.once(
      failure(
        'mid-stream-error',
        `the stream finished with finish_reason "error"${describeError(view.error)}: the answer is cut short`,
        event.data,
      ),
    );
  }
}

function analyzeStream(exchange: TappedExchange, context: WireCheckContext, analysis: Analysis): void {
  const { list } = analysis;
  const state: StreamState = { analysis, answer: new AnswerTally(), assemblies: new Map(), sawDone: false };
  const end = readSseBody(exchange, OPENAI_CHAT_WIRE, list, (event) => onEvent(state, event));
  if (!end) return;
  const { unterminated: last } = end;
  let cutMidEvent: string | undefined;
  if (last?.kind === 'event' && (last.data === '[DONE]' || last.json.ok)) {
    list.insert(end.eventsAt, [
      deviation(
        'unterminated-event',
        'the last event has no blank line after it: the openai SDK still reads it, stricter SSE clients drop it',
        last.raw,
      ),
    ]);
    onEvent(state, last);
  } else if (last) {
    cutMidEvent = last.raw;
  }
  const lastEvent = last?.kind === 'event' && cutMidEvent === undefined ? last : end.lastEvent;

  if (!state.sawDone) {
    list.add(
      cutMidEvent === undefined
        ? failure(
            'no-done-sentinel',
            `the stream ended without \`data: [DONE]\`${endOfBodyNote(exchange)}: ` +
              'a client cannot tell a finished answer from a dropped connection',
            lastEvent ? eventEvidence(lastEvent) : bodyText(exchange),
          )
        : failure(
            'no-done-sentinel',
            `the stream ended in the middle of an event, without \`data: [DONE]\`${endOfBodyNote(exchange)}`,
            cutMidEvent,
          ),
    );
  } else if (cutMidEvent !== undefined) {
    list.once(
      deviation('data-after-done', 'a partial event followed `data: [DONE]`; clients ignore it', cutMidEvent),
    );
  }
  for (const { arguments: calls } of state.assemblies.values()) {
    for (const { text, opening } of calls.values()) {
      const problem = assembledArgumentsProblem(text, opening);
      if (problem) list.once(problem);
    }
  }
  checkAnswer(state.answer, STREAM_WORDS, context, list);
}

function analyzeBody(exchange: TappedExchange, context: WireCheckContext, analysis: Analysis): void {
  const { list } = analysis;
  const event = readWholeBody(exchange, OPENAI_CHAT_WIRE);
  const body = event.json.ok && isRecord(event.json.value) ? event.json.value : undefined;
  if (!body) {
    list.add(failure('invalid-json-chunk', 'the response body is not a JSON object', event.data));
    return;
  }
  const { view } = event;
  if (view.error) {
    list.add(
      failure(
        'error-in-body',
        `the provider reported an error in a 2xx response${describeError(view.error)}`,
        JSON.stringify(body.error),
      ),
    );
  }
  for (const call of view.toolCalls) {
    const sent = functionOf(call.source)?.arguments;
    if (sent === '' || sent === null || sent === undefined)
      list.once(emptyArguments(JSON.stringify(call.source)));
    if (call.id !== undefined) analysis.toolCallIds.push(call.id);
    else {
      list.once(
        deviation(
          'empty-tool-call-id',
          'a tool call has an empty or missing `id`: the tool result cannot be tied back to its call',
          JSON.stringify(call.source),
        ),
      );
    }
  }
  const answer = new AnswerTally();
  answer.add(view);
  const noChoices = !Array.isArray(body.choices) || body.choices.length === 0;
  checkAnswer(
    answer,
    {
      noFinishReason: noChoices
        ? 'the response has no choices, so no finish_reason'
        : 'no choice has a finish_reason: the response never said why it stopped',
      textField: 'message.content',
      callField: 'message.tool_calls',
      usageMissing: 'usage was expected but the response has no `usage` object',
      finishMismatch,
    },
    context,
    list,
  );
}

/** The OpenAI chat wire checks, with the tool call ids seen (Mistral checks their format). */
export function analyzeOpenAiChatWire(
  exchange: TappedExchange,
  context: WireCheckContext,
): OpenAiChatWireAnalysis {
  const analysis: Analysis = { list: createDiagnosticList(), toolCallIds: [] };
  if (context.stream) analyzeStream(exchange, context, analysis);
  else analyzeBody(exchange, context, analysis);
  return { diagnostics: analysis.list.items, toolCallIds: analysis.toolCallIds };
}

export function checkOpenAiChatWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  return analyzeOpenAiChatWire(exchange, context).diagnostics;
}
