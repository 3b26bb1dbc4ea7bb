import { type Diagnostic, failure } from '../../checks/diagnostic.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { createDiagnosticList, type DiagnosticList, info } from '../shared/diagnostic-list.ts';
import { bodyText, endOfBodyNote, isNonEmptyString, isRecord, parseJson } from '../shared/read-wire.ts';
import { eventEvidence, eventObject, parseStreamBody } from '../shared/sse-wire.ts';
import { flagToolCallAsText } from '../shared/tool-call-as-text-diagnostic.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';

interface ResponseState {
  list: DiagnosticList;
  /** Candidate index to its text (thought parts excluded). */
  texts: Map<number, string>;
  sawFinish: boolean;
  sawUsage: boolean;
  blocked: boolean;
}

function describeError(error: unknown): string {
  if (!isRecord(error)) return '';
  const parts = [error.code, error.status, error.message].filter(
    (part) => part !== undefined && part !== null,
  );
  return parts.length > 0 ? `: ${parts.map(String).join(' ')}` : '';
}

/** Reads one GenerateContentResponse: a whole streamed event, or the non-stream body. */
function inspectResponse(
  state: ResponseState,
  response: Record<string, unknown>,
  evidence: string,
  streamed: boolean,
): void {
  const { list } = state;
  if (response.error !== undefined && response.error !== null) {
    list.once(
      failure(
        streamed ? 'mid-stream-error' : 'error-in-body',
        `the provider reported an error inside a 200 response${describeError(response.error)}`,
        evidence,
      ),
    );
    return;
  }
  if (isRecord(response.usageMetadata)) state.sawUsage = true;
  const candidates = Array.isArray(response.candidates) ? response.candidates.filter(isRecord) : [];
  const feedback = isRecord(response.promptFeedback) ? response.promptFeedback : {};
  if (isNonEmptyString(feedback.blockReason) && candidates.length === 0) {
    state.blocked = true;
    list.once(
      failure(
        'blocked-prompt',
        `the prompt was blocked (promptFeedback.blockReason ${feedback.blockReason}) and no candidate came back`,
        feedback.blockReason,
      ),
    );
  }
  for (const candidate of candidates) {
    const index = typeof candidate.index === 'number' ? candidate.index : 0;
    if (isNonEmptyString(candidate.finishReason)) state.sawFinish = true;
    const content = isRecord(candidate.content) ? candidate.content : {};
    const parts = Array.isArray(content.parts) ? content.parts.filter(isRecord) : [];
    for (const part of parts) {
      if (typeof part.text === 'string' && part.thought !== true) {
        state.texts.set(index, (state.texts.get(index) ?? '') + part.text);
      }
      if (isRecord(part.functionCall) && !isNonEmptyString(part.functionCall.id)) {
        list.once(
          info(
            'missing-tool-call-id',
            'a functionCall part has no id: calls are matched to their results by name and order',
            JSON.stringify(part.functionCall),
          ),
        );
      }
    }
  }
}

function finish(state: ResponseState, context: WireCheckContext): void {
  const { list } = state;
  if (!state.sawFinish && !state.blocked) {
    list.add(
      failure(
        'no-finish-reason',
        'no candidate carried a finishReason: the response never said why it stopped',
      ),
    );
  }
  if (context.toolsOffered) {
    flagToolCallAsText(list, state.texts.values(), 'a text part', 'a functionCall part');
  }
  if (context.usageRequested && !state.sawUsage) {
    list.add(failure('usage-missing', 'usage was expected but no response carried `usageMetadata`'));
  }
}

function checkStream(text: string, exchange: TappedExchange, state: ResponseState): void {
  const { list } = state;
  const parsed = parseStreamBody(text, exchange, list);
  if (!parsed) return;
  for (const event of parsed.events) {
    const response = eventObject(
      event,
      list,
      'a data event is not a whole GenerateContentResponse JSON object: @google/genai throws on it',
    );
    if (!response) continue;
    inspectResponse(state, response, eventEvidence(event), true);
  }
  if (parsed.unterminated) {
    const last = parsed.unterminated.event;
    const json = last ? parseJson(last.data) : undefined;
    const whole = json?.ok === true && isRecord(json.value) ? json.value : undefined;
    // @google/genai throws "Incomplete JSON segment at the end" on anything after the last blank line.
    list.add(
      failure(
        'truncated-stream',
        whole
          ? 'the last event has no blank line after it: @google/genai throws "Incomplete JSON segment at the end"'
          : `the stream ended in the middle of an event${endOfBodyNote(exchange)}: @google/genai rejects the stream`,
        parsed.unterminated.raw,
      ),
    );
    if (whole) inspectResponse(state, whole, parsed.unterminated.raw, true);
  } else if (exchange.transportError !== undefined) {
    list.add(failure('truncated-stream', `the stream was cut off${endOfBodyNote(exchange)}`));
  }
}

export function checkGeminiWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const state: ResponseState = {
    list: createDiagnosticList(),
    texts: new Map(),
    sawFinish: false,
    sawUsage: false,
    blocked: false,
  };
  const text = bodyText(exchange);
  if (context.stream) {
    checkStream(text, exchange, state);
    if (state.list.has('not-event-stream')) return state.list.items;
  } else {
    const json = parseJson(text);
    if (!json.ok || !isRecord(json.value)) {
      return [failure('invalid-json-chunk', 'the response body is not a JSON object', text)];
    }
    inspectResponse(state, json.value, text, false);
  }
  finish(state, context);
  return state.list.items;
}
