import { type Diagnostic, failure } from '../../core/diagnostic.ts';
import { isRecord } from '../../core/is-record.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { AnswerTally } from '../shared/answer-tally.ts';
import { type AnswerWords, checkAnswer } from '../shared/check-answer.ts';
import { createDiagnosticList, type DiagnosticList, info } from '../shared/diagnostic-list.ts';
import { endOfBodyNote } from '../shared/end-of-body-note.ts';
import { eventEvidence, eventObject, readSseBody } from '../shared/read-sse-body.ts';
import { readWholeBody } from '../shared/read-wire-events.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import type { WireView } from '../shared/wire-event.ts';
import { GEMINI_WIRE } from './read-gemini-wire.ts';

const WORDS: AnswerWords = {
  noFinishReason: 'no candidate carried a finishReason: the response never said why it stopped',
  textField: 'a text part',
  callField: 'a functionCall part',
  usageMissing: 'usage was expected but no response carried `usageMetadata`',
};

/** Judges one GenerateContentResponse (a whole streamed event, or the non-stream body) and adds it to the answer. */
function inspectResponse(
  list: DiagnosticList,
  answer: AnswerTally,
  view: WireView,
  evidence: string,
  streamed: boolean,
): void {
  if (view.error) {
    const detail = view.error.summary === undefined ? '' : `: ${view.error.summary}`;
    list.once(
      failure(
        streamed ? 'mid-stream-error' : 'error-in-body',
        `the provider reported an error inside a 200 response${detail}`,
        evidence,
      ),
    );
    return;
  }
  for (const finish of view.finishes) {
    if (!finish.blocked) continue;
    list.once(
      failure(
        'blocked-prompt',
        `the prompt was blocked (promptFeedback.blockReason ${finish.raw}) and no candidate came back`,
        finish.raw,
      ),
    );
  }
  for (const call of view.toolCalls) {
    if (call.id !== undefined) continue;
    list.once(
      info(
        'missing-tool-call-id',
        'a functionCall part has no id: calls are matched to their results by name and order',
        JSON.stringify(call.source),
      ),
    );
  }
  answer.add(view);
}

function checkStream(exchange: TappedExchange, list: DiagnosticList, answer: AnswerTally): boolean {
  const body = readSseBody(exchange, GEMINI_WIRE, list, (event) => {
    const response = eventObject(
      event,
      list,
      'a data event is not a whole GenerateContentResponse JSON object: @google/genai throws on it',
    );
    if (response) inspectResponse(list, answer, event.view, eventEvidence(event), true);
  });
  if (!body) return false;
  const last = body.unterminated;
  if (last) {
    const whole = last.kind === 'event' && last.json.ok && isRecord(last.json.value) ? last : undefined;
    // @google/genai throws "Incomplete JSON segment at the end" on anything after the last blank line.
    list.add(
      failure(
        'truncated-stream',
        whole
          ? 'the last event has no blank line after it: @google/genai throws "Incomplete JSON segment at the end"'
          : `the stream ended in the middle of an event${endOfBodyNote(exchange)}: @google/genai rejects the stream`,
        last.raw,
      ),
    );
    if (whole) inspectResponse(list, answer, whole.view, last.raw, true);
  } else if (exchange.transportError !== undefined) {
    list.add(failure('truncated-stream', `the stream was cut off${endOfBodyNote(exchange)}`));
  }
  return true;
}

export function checkGeminiWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const list = createDiagnosticList();
  const answer = new AnswerTally();
  if (context.stream) {
    if (!checkStream(exchange, list, answer)) return list.items;
  } else {
    const body = readWholeBody(exchange, GEMINI_WIRE);
    if (!body.json.ok || !isRecord(body.json.value)) {
      return [failure('invalid-json-chunk', 'the response body is not a JSON object', body.data)];
    }
    inspectResponse(list, answer, body.view, body.data, false);
  }
  checkAnswer(answer, WORDS, context, list);
  return list.items;
}
