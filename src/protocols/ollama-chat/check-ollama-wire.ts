import { type Diagnostic, deviation, failure } from '../../checks/diagnostic.ts';
import { splitNdjson } from '../../wire/ndjson.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { createDiagnosticList, type DiagnosticList } from '../shared/diagnostic-list.ts';
import { bodyText, endOfBodyNote, isNonEmptyString, isRecord, parseJson } from '../shared/read-wire.ts';
import { toolCallAsTextDiagnostic } from '../shared/tool-call-as-text-diagnostic.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';

interface ChatState {
  list: DiagnosticList;
  content: string;
  sawDone: boolean;
  sawFinish: boolean;
  sawUsage: boolean;
}

function hasUsage(line: Record<string, unknown>): boolean {
  return typeof line.prompt_eval_count === 'number' || typeof line.eval_count === 'number';
}

/** Reads one `/api/chat` object: a streamed line or the non-stream body. */
function inspectLine(
  state: ChatState,
  line: Record<string, unknown>,
  evidence: string,
  streamed: boolean,
): void {
  const { list } = state;
  if (line.error !== undefined && line.error !== null) {
    const detail = typeof line.error === 'string' ? `: ${line.error}` : '';
    list.once(
      failure(
        streamed ? 'mid-stream-error' : 'error-in-body',
        `the provider reported an error inside a 200 response${detail}`,
        evidence,
      ),
    );
    return;
  }
  const message = isRecord(line.message) ? line.message : {};
  if (typeof message.content === 'string') state.content += message.content;
  if (hasUsage(line)) state.sawUsage = true;
  if (line.done === true) {
    state.sawDone = true;
    if (isNonEmptyString(line.done_reason)) state.sawFinish = true;
  }
}

function finish(state: ChatState, context: WireCheckContext): void {
  const { list } = state;
  if (!state.sawFinish) {
    list.add(
      failure(
        'no-finish-reason',
        state.sawDone
          ? 'the `done: true` line has no done_reason: the response never said why it stopped'
          : 'no line carried a done_reason: the response never said why it stopped',
      ),
    );
  }
  if (context.toolsOffered) {
    const asText = toolCallAsTextDiagnostic(state.content, 'message.content', 'message.tool_calls');
    if (asText) list.add(asText);
  }
  if (context.usageRequested && !state.sawUsage) {
    list.add(
      failure('usage-missing', 'usage was expected but no line carried prompt_eval_count or eval_count'),
    );
  }
}

function checkStream(text: string, exchange: TappedExchange, state: ChatState): void {
  const { list } = state;
  const { lines, unterminated } = splitNdjson(text);
  // A last line without a newline is fine for JSON Lines readers (ollama-js parses it); a cut one is not.
  const all = unterminated !== undefined && parseJson(unterminated).ok ? [...lines, unterminated] : lines;
  const cut = unterminated !== undefined && all.length === lines.length ? unterminated : undefined;
  for (const raw of all) {
    if (state.sawDone) {
      list.once(
        deviation(
          'data-after-done',
          'lines arrived after the `done: true` line: clients stop reading there',
          raw,
        ),
      );
      continue;
    }
    const json = parseJson(raw);
    if (!json.ok || !isRecord(json.value)) {
      list.once(
        failure(
          'invalid-json-chunk',
          'an NDJSON line is not a JSON object: ollama-js skips it with a warning',
          raw,
        ),
      );
      continue;
    }
    inspectLine(state, json.value, raw, true);
  }
  if (cut !== undefined) {
    list.add(
      failure('truncated-stream', `the stream ended in the middle of a line${endOfBodyNote(exchange)}`, cut),
    );
  } else if (!state.sawDone) {
    list.add(
      failure(
        'truncated-stream',
        `the stream ended without a \`done: true\` line${endOfBodyNote(exchange)}: the answer may be incomplete`,
        lines.at(-1) ?? text,
      ),
    );
  }
}

export function checkOllamaWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const state: ChatState = {
    list: createDiagnosticList(),
    content: '',
    sawDone: false,
    sawFinish: false,
    sawUsage: false,
  };
  const text = bodyText(exchange);
  if (context.stream) {
    checkStream(text, exchange, state);
  } else {
    const json = parseJson(text);
    if (!json.ok || !isRecord(json.value)) {
      return [failure('invalid-json-chunk', 'the response body is not a JSON object', text)];
    }
    inspectLine(state, json.value, text, false);
    if (!state.sawDone && !state.list.has('error-in-body')) {
      state.list.add(failure('truncated-stream', 'the response body does not say `done: true`', text));
    }
  }
  finish(state, context);
  return state.list.items;
}
