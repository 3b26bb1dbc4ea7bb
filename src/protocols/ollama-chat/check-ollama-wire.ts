import { type Diagnostic, deviation, failure } from '../../core/diagnostic.ts';
import { isRecord } from '../../core/is-record.ts';
import { bodyText } from '../../wire/body-text.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { AnswerTally } from '../shared/answer-tally.ts';
import { checkAnswer } from '../shared/check-answer.ts';
import { createDiagnosticList, type DiagnosticList } from '../shared/diagnostic-list.ts';
import { endOfBodyNote } from '../shared/end-of-body-note.ts';
import { readWholeBody, readWireEvents } from '../shared/read-wire-events.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import type { WireEvent } from '../shared/wire-event.ts';
import { OLLAMA_WIRE } from './read-ollama-wire.ts';

interface ChatState {
  list: DiagnosticList;
  answer: AnswerTally;
  sawDone: boolean;
}

/** Judges one `/api/chat` object (a streamed line or the non-stream body) and adds it to the answer. */
function inspectLine(
  state: ChatState,
  event: WireEvent,
  line: Record<string, unknown>,
  streamed: boolean,
): void {
  const { view } = event;
  if (view.error) {
    const detail = view.error.summary === undefined ? '' : `: ${view.error.summary}`;
    state.list.once(
      failure(
        streamed ? 'mid-stream-error' : 'error-in-body',
        `the provider reported an error inside a 200 response${detail}`,
        event.raw,
      ),
    );
    return;
  }
  state.answer.add(view);
  if (line.done === true) state.sawDone = true;
}

function finish(state: ChatState, context: WireCheckContext): void {
  checkAnswer(
    state.answer,
    {
      noFinishReason: state.sawDone
        ? 'the `done: true` line has no done_reason: the response never said why it stopped'
        : 'no line carried a done_reason: the response never said why it stopped',
      textField: 'message.content',
      callField: 'message.tool_calls',
      usageMissing: 'usage was expected but no line carried prompt_eval_count or eval_count',
    },
    context,
    state.list,
  );
}

function checkStream(exchange: TappedExchange, state: ChatState): void {
  const { list } = state;
  let lastLine: string | undefined;
  let cut: string | undefined;
  readWireEvents(exchange, OLLAMA_WIRE, true, (event) => {
    if (event.kind !== 'event') return;
    // A last line without a newline is fine for JSON Lines readers (ollama-js parses it); a cut one is not.
    if (event.unterminated && !event.json.ok) {
      cut = event.raw;
      return;
    }
    if (!event.unterminated) lastLine = event.raw;
    if (state.sawDone) {
      list.once(
        deviation(
          'data-after-done',
          'lines arrived after the `done: true` line: clients stop reading there',
          event.raw,
        ),
      );
      return;
    }
    if (!event.json.ok || !isRecord(event.json.value)) {
      list.once(
        failure(
          'invalid-json-chunk',
          'an NDJSON line is not a JSON object: ollama-js skips it with a warning',
          event.raw,
        ),
      );
      return;
    }
    inspectLine(state, event, event.json.value, true);
  });
  if (cut !== undefined) {
    list.add(
      failure('truncated-stream', `the stream ended in the middle of a line${endOfBodyNote(exchange)}`, cut),
    );
  } else if (!state.sawDone) {
    list.add(
      failure(
        'truncated-stream',
        `the stream ended without a \`done: true\` line${endOfBodyNote(exchange)}: the answer may be incomplete`,
        lastLine ?? bodyText(exchange),
      ),
    );
  }
}

export function checkOllamaWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const state: ChatState = { list: createDiagnosticList(), answer: new AnswerTally(), sawDone: false };
  if (context.stream) {
    checkStream(exchange, state);
  } else {
    const body = readWholeBody(exchange, OLLAMA_WIRE);
    if (!body.json.ok || !isRecord(body.json.value)) {
      return [failure('invalid-json-chunk', 'the response body is not a JSON object', body.data)];
    }
    inspectLine(state, body, body.json.value, false);
    if (!state.sawDone && !state.list.has('error-in-body')) {
      state.list.add(failure('truncated-stream', 'the response body does not say `done: true`', body.raw));
    }
  }
  finish(state, context);
  return state.list.items;
}
