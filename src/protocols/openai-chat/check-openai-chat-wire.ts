import { type Diagnostic, deviation, failure } from '../../checks/diagnostic.ts';
import type { SseEvent } from '../../wire/sse.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { createDiagnosticList, type DiagnosticList } from '../shared/diagnostic-list.ts';
import { bodyText, endOfBodyNote, isNonEmptyString, isRecord, parseJson } from '../shared/read-wire.ts';
import { splitContent } from '../shared/split-content.ts';
import { eventEvidence, eventObject, parseStreamBody } from '../shared/sse-wire.ts';
import { toolCallAsTextDiagnostic } from '../shared/tool-call-as-text-diagnostic.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';

export interface OpenAiChatWireAnalysis {
  diagnostics: Diagnostic[];
  /** Every non-empty tool call id the response carried, in order. */
  toolCallIds: string[];
}

interface ChoiceState {
  content: string;
  /** Call keys (`i<index>`, `id:<id>` or `n<ordinal>`) to the id the call started with. */
  calls: Map<string, string>;
  lastCallKey?: string;
  finishReason?: string;
}

interface Analysis {
  list: DiagnosticList;
  toolCallIds: string[];
}

function toolCallEvidence(entry: Record<string, unknown>): string {
  return JSON.stringify(entry);
}

function checkFinishReason(list: DiagnosticList, finishReason: string | undefined, calls: number): void {
  if (calls > 0 && finishReason === 'stop') {
    list.once(
      deviation(
        'finish-reason-mismatch',
        'tool calls were sent but finish_reason is "stop", not "tool_calls": ' +
          'clients that branch on finish_reason will not run the tools',
      ),
    );
  } else if (calls === 0 && finishReason === 'tool_calls') {
    list.once(
      deviation(
        'finish-reason-mismatch',
        'finish_reason is "tool_calls" but the response carried no tool_calls: clients will look for calls that are not there',
      ),
    );
  }
}

function describeError(error: unknown): string {
  if (isRecord(error)) {
    const parts = [error.code, error.message].filter((part) => part !== undefined && part !== null);
    if (parts.length > 0) return `: ${parts.map(String).join(' ')}`;
  }
  return typeof error === 'string' ? `: ${error}` : '';
}

function trackToolCall(analysis: Analysis, state: ChoiceState, entry: Record<string, unknown>): void {
  const { list } = analysis;
  const fn = isRecord(entry.function) ? entry.function : undefined;
  const id = isNonEmptyString(entry.id) ? entry.id : undefined;
  let key: string;
  if (Number.isInteger(entry.index)) {
    key = `i${String(entry.index)}`;
  } else {
    list.once(
      deviation(
        'missing-index',
        'a delta.tool_calls entry has no integer `index`: clients that assemble calls by index ' +
          '(the openai SDK stream helpers) misplace or drop it, so an adapter has to guess which call it belongs to',
        toolCallEvidence(entry),
      ),
    );
    if (id !== undefined) key = `id:${id}`;
    else if (isNonEmptyString(fn?.name) || state.lastCallKey === undefined) key = `n${state.calls.size}`;
    else key = state.lastCallKey;
  }
  const startedWith = state.calls.get(key);
  if (startedWith === undefined) {
    state.calls.set(key, id ?? '');
    if (id === undefined) {
      list.once(
        deviation(
          'empty-tool-call-id',
          'the first delta of a tool call has an empty or missing `id`: the tool result cannot be tied back to its call ' +
            'unless the client makes an id up',
          toolCallEvidence(entry),
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
        toolCallEvidence(entry),
      ),
    );
    state.calls.set(key, id);
    analysis.toolCallIds.push(id);
  }
  state.lastCallKey = key;
}

function choiceState(choices: Map<number, ChoiceState>, index: number): ChoiceState {
  let state = choices.get(index);
  if (!state) {
    state = { content: '', calls: new Map() };
    choices.set(index, state);
  }
  return state;
}

function analyzeStream(
  text: string,
  exchange: TappedExchange,
  context: WireCheckContext,
  analysis: Analysis,
): void {
  const { list } = analysis;
  const parsed = parseStreamBody(text, exchange, list);
  if (!parsed) return;

  const events: SseEvent[] = [...parsed.events];
  let cutMidEvent: string | undefined;
  if (parsed.unterminated) {
    const last = parsed.unterminated.event;
    if (last && (last.data === '[DONE]' || parseJson(last.data).ok)) {
      list.add(
        deviation(
          'unterminated-event',
          'the last event has no blank line after it: the openai SDK still reads it, stricter SSE clients drop it',
          parsed.unterminated.raw,
        ),
      );
      events.push(last);
    } else {
      cutMidEvent = parsed.unterminated.raw;
    }
  }

  const choices = new Map<number, ChoiceState>();
  let sawDone = false;
  let sawFinish = false;
  let sawUsage = false;
  for (const event of events) {
    if (sawDone) {
      list.once(
        deviation(
          'data-after-done',
          'events arrived after `data: [DONE]`: clients stop reading at [DONE] and never see them',
          eventEvidence(event),
        ),
      );
      continue;
    }
    if (event.data === '[DONE]') {
      sawDone = true;
      continue;
    }
    const chunk = eventObject(
      event,
      list,
      'a data event is not a JSON object: SDKs throw on it and the rest of the stream is lost',
    );
    if (!chunk) continue;
    if ((chunk.error !== undefined && chunk.error !== null) || event.event === 'error') {
      list.once(
        failure(
          'mid-stream-error',
          `the provider reported an error inside a 200 stream${describeError(chunk.error)}: ` +
            'the answer is cut short though the HTTP status said success',
          event.data,
        ),
      );
    }
    if (isRecord(chunk.usage)) sawUsage = true;
    const chunkChoices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of chunkChoices) {
      if (!isRecord(choice)) continue;
      const state = choiceState(choices, typeof choice.index === 'number' ? choice.index : 0);
      if (isRecord(choice.delta)) {
        state.content += splitContent(choice.delta.content).text;
        if (Array.isArray(choice.delta.tool_calls)) {
          for (const entry of choice.delta.tool_calls)
            if (isRecord(entry)) trackToolCall(analysis, state, entry);
        }
      }
      if (isNonEmptyString(choice.finish_reason)) {
        sawFinish = true;
        state.finishReason = choice.finish_reason;
        if (choice.finish_reason === 'error') {
          list.once(
            failure(
              'mid-stream-error',
              `the stream finished with finish_reason "error"${describeError(chunk.error)}: the answer is cut short`,
              event.data,
            ),
          );
        }
      }
    }
  }

  if (!sawDone) {
    const lastEvent = events.at(-1);
    list.add(
      cutMidEvent === undefined
        ? failure(
            'no-done-sentinel',
            `the stream ended without \`data: [DONE]\`${endOfBodyNote(exchange)}: ` +
              'a client cannot tell a finished answer from a dropped connection',
            lastEvent ? eventEvidence(lastEvent) : text,
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
  if (!sawFinish) {
    list.add(
      failure('no-finish-reason', 'no chunk carried a finish_reason: the stream never said why it stopped'),
    );
  }
  for (const state of choices.values()) {
    if (context.toolsOffered) {
      const asText = toolCallAsTextDiagnostic(state.content, 'delta.content', 'delta.tool_calls');
      if (asText) list.once(asText);
    }
    checkFinishReason(list, state.finishReason, state.calls.size);
  }
  if (context.usageRequested && !sawUsage) {
    list.add(failure('usage-missing', 'usage was requested but no chunk carried a `usage` object'));
  }
}

function analyzeBody(text: string, context: WireCheckContext, analysis: Analysis): void {
  const { list } = analysis;
  const json = parseJson(text);
  if (!json.ok || !isRecord(json.value)) {
    list.add(failure('invalid-json-chunk', 'the response body is not a JSON object', text));
    return;
  }
  const body = json.value;
  if (body.error !== undefined && body.error !== null) {
    list.add(
      failure(
        'error-in-body',
        `the provider reported an error in a 2xx response${describeError(body.error)}`,
        JSON.stringify(body.error),
      ),
    );
  }
  const choices = Array.isArray(body.choices) ? body.choices : [];
  let sawFinish = false;
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    const message = isRecord(choice.message) ? choice.message : {};
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord) : [];
    for (const call of calls) {
      if (isNonEmptyString(call.id)) analysis.toolCallIds.push(call.id);
      else {
        list.once(
          deviation(
            'empty-tool-call-id',
            'a tool call has an empty or missing `id`: the tool result cannot be tied back to its call',
            JSON.stringify(call),
          ),
        );
      }
    }
    if (context.toolsOffered) {
      const asText = toolCallAsTextDiagnostic(
        splitContent(message.content).text,
        'message.content',
        'message.tool_calls',
      );
      if (asText) list.once(asText);
    }
    const finishReason = isNonEmptyString(choice.finish_reason) ? choice.finish_reason : undefined;
    if (finishReason !== undefined) sawFinish = true;
    checkFinishReason(list, finishReason, calls.length);
  }
  if (!sawFinish) {
    list.add(
      failure(
        'no-finish-reason',
        choices.length === 0
          ? 'the response has no choices, so no finish_reason'
          : 'no choice has a finish_reason: the response never said why it stopped',
      ),
    );
  }
  if (context.usageRequested && !isRecord(body.usage)) {
    list.add(failure('usage-missing', 'usage was expected but the response has no `usage` object'));
  }
}

/** The OpenAI chat wire checks, with the tool call ids seen (Mistral checks their format). */
export function analyzeOpenAiChatWire(
  exchange: TappedExchange,
  context: WireCheckContext,
): OpenAiChatWireAnalysis {
  const analysis: Analysis = { list: createDiagnosticList(), toolCallIds: [] };
  const text = bodyText(exchange);
  if (context.stream) analyzeStream(text, exchange, context, analysis);
  else analyzeBody(text, context, analysis);
  return { diagnostics: analysis.list.items, toolCallIds: analysis.toolCallIds };
}

export function checkOpenAiChatWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  return analyzeOpenAiChatWire(exchange, context).diagnostics;
}
