import type { ChatResult, FinishReason, ToolDefinition } from '../core/adapter-contract.ts';
import { type Diagnostic, deviation, failure } from '../core/diagnostic.ts';
import { isRecord } from '../core/is-record.ts';
import type { Expectation } from '../scenarios/scenarios.ts';
import { validateJsonSchema } from './validate-json-schema.ts';

export interface ExpectationInput {
  result: ChatResult;
  tools: ToolDefinition[];
  /** Text deltas seen, for streams; undefined for non-stream calls. */
  textDeltas?: number;
  /** The tools whose result, fed back just before this answer, reported an error (tools.error-result). */
  failedTools?: ReadonlySet<string>;
}

/** Calls to a tool whose result just reported an error: the loop a client that runs every call never leaves. */
function checkRetried(input: ExpectationInput): Diagnostic[] {
  const retried = input.result.toolCalls.filter((call) => input.failedTools?.has(call.name));
  if (retried.length === 0) return [];
  const names = [...new Set(retried.map((call) => call.name))].join(', ');
  return [
    failure(
      'tool-error-retried',
      `the ${names} result reported an error and the model called ${names} again instead of answering: a client ` +
        'that runs every call the model makes retries the failing tool in a loop, until its own limit stops it',
      retried.map((call) => `${call.name}(${call.arguments})`).join(', '),
    ),
  ];
}

function checkToolCalls(
  expect: NonNullable<Expectation['toolCalls']>,
  input: ExpectationInput,
): Diagnostic[] {
  const { toolCalls, text } = input.result;
  const found: Diagnostic[] = [];
  if (toolCalls.length < expect.min) {
    const what = toolCalls.length === 0 ? 'no tool call' : `${toolCalls.length} tool call(s)`;
    found.push(
      failure(
        toolCalls.length === 0 ? 'no-tool-call' : 'too-few-tool-calls',
        `expected at least ${expect.min} call(s) to ${expect.names.join(' or ')}, got ${what}`,
        text || undefined,
      ),
    );
  }
  if (expect.max !== undefined && toolCalls.length > expect.max) {
    found.push(
      failure('too-many-tool-calls', `expected at most ${expect.max} tool call(s), got ${toolCalls.length}`),
    );
  }
  for (const call of toolCalls) {
    if (!expect.names.includes(call.name)) {
      found.push(failure('wrong-tool', `called '${call.name}', expected ${expect.names.join(' or ')}`));
      continue;
    }
    let args: unknown;
    try {
      args = JSON.parse(call.arguments === '' ? '{}' : call.arguments);
    } catch {
      found.push(
        failure('tool-arguments-not-json', `arguments of ${call.name} are not JSON`, call.arguments),
      );
      continue;
    }
    const tool = input.tools.find((t) => t.name === call.name);
    const problems = tool ? validateJsonSchema(args, tool.parameters) : [];
    if (problems.length > 0) {
      found.push(
        failure(
          'tool-arguments-schema',
          `arguments of ${call.name} break its schema: ${problems.join('; ')}`,
          call.arguments,
        ),
      );
    }
  }
  return found;
}

function argumentsObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The value of each named argument of each call against its pattern: the value an earlier tool result gave. */
function checkArgumentsMatch(patterns: Record<string, string>, result: ChatResult): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const call of result.toolCalls) {
    const args = argumentsObject(call.arguments);
    // Arguments that are no JSON object are checkToolCalls' finding (tool-arguments-not-json).
    if (!args) continue;
    for (const [name, pattern] of Object.entries(patterns)) {
      const value = args[name];
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
      if (new RegExp(pattern, 'i').test(text)) continue;
      found.push(
        failure(
          'argument-not-from-result',
          `${call.name} was called with ${name} ${value === undefined ? 'missing' : text}, not the value the ` +
            `earlier tool result gave (/${pattern}/i): the model did not use the result it was sent`,
          call.arguments,
        ),
      );
    }
  }
  return found;
}

/** The forced tool not called, or another called beside or instead of it: the named choice was not honoured. */
function checkForced(forced: string, result: ChatResult): Diagnostic[] {
  const { toolCalls, text } = result;
  const others = [...new Set(toolCalls.map((call) => call.name).filter((name) => name !== forced))];
  if (toolCalls.length > 0 && others.length === 0) return [];
  const calledForced = toolCalls.some((call) => call.name === forced);
  const answered =
    toolCalls.length === 0
      ? 'no tool was called'
      : `${others.join(', ')} was called ${calledForced ? 'beside it' : 'instead'}`;
  const calls = toolCalls.map((call) => `${call.name}(${call.arguments})`).join(', ');
  return [
    failure(
      'tool-choice-ignored',
      `the request forced a call to ${forced} by name, but ${answered}: the named tool_choice was dropped or ` +
        'not honoured, so a client that forces a tool gets an answer it did not ask for',
      toolCalls.length === 0 ? text || undefined : calls,
    ),
  ];
}

function checkFinish(expected: FinishReason, result: ChatResult, forcedByName: boolean): Diagnostic[] {
  if (result.finishReason === expected) return [];
  const said = `${result.finishReason}${result.rawFinishReason ? ` (${result.rawFinishReason})` : ''}`;
  // A client that keys on the calls themselves survives 'stop' after tool calls (Gemini's OpenAI endpoint does it,
  // and OpenAI itself for a tool forced by name: vllm-project/vllm#25054).
  if (expected === 'tool-calls' && result.finishReason === 'stop' && result.toolCalls.length > 0) {
    const why = forcedByName ? ', as OpenAI answers a tool forced by name' : '';
    return [
      deviation('finish-reason-mismatch', `tool calls arrived but the finish reason was ${said}${why}`),
    ];
  }
  if (expected === 'length' && result.finishReason === 'stop') {
    return [
      failure(
        'length-reported-as-stop',
        `the answer was cut by the output limit but the finish reason was ${said}: a client takes a cut answer ` +
          'for a whole one',
      ),
    ];
  }
  return [failure('finish-reason-mismatch', `expected finish reason ${expected}, got ${said}`)];
}

function checkJson(schema: NonNullable<Expectation['json']>, text: string): Diagnostic[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const fenced = /^\s*```/.test(text);
    return [
      failure(
        'json-invalid',
        fenced
          ? 'the answer is JSON wrapped in a Markdown code fence, not bare JSON'
          : 'the answer is not valid JSON',
        text,
      ),
    ];
  }
  const problems = validateJsonSchema(value, schema);
  return problems.length > 0
    ? [failure('json-schema', `the JSON answer breaks the schema: ${problems.join('; ')}`, text)]
    : [];
}

/** Calls where none was wanted, less those to a tool that just failed (tool-error-retried names them). */
function unexpectedCalls(input: ExpectationInput, result: ChatResult): Diagnostic[] {
  const others = result.toolCalls.filter((call) => !input.failedTools?.has(call.name));
  if (others.length === 0) return [];
  const names = others.map((call) => call.name).join(', ');
  return [failure('unexpected-tool-call', `no tool call was wanted, got ${names}`)];
}

/** Thinking written into the answer text: DeepSeek R1's `<think>`, Gemini's `<thought>`, Claude-style prompts. */
const THINKING_TAG = /<(think|thinking|thought)>/i;

function checkReasoning(result: ChatResult): Diagnostic[] {
  const tag = THINKING_TAG.exec(result.text);
  if (tag) {
    return [
      failure(
        'reasoning-in-content',
        `the thinking arrived inside the answer text, in <${tag[1]}> tags, not where the protocol puts reasoning: ` +
          'a client shows it to the user as the answer, and sends it back as part of the conversation',
        result.text,
      ),
    ];
  }
  if (result.reasoning) return [];
  if ((result.usage?.reasoningTokens ?? 0) > 0) return [];
  return [
    failure(
      'reasoning-missing',
      'no reasoning came back: no thinking text apart from the answer and no reasoning tokens in the usage (is the ' +
        'model a reasoning one? set it with --model <provider>/reasoning=<model>)',
    ),
  ];
}

/** Checks a successful answer against what its scenario expects. */
export function checkExpectation(expect: Expectation, input: ExpectationInput): Diagnostic[] {
  const { result } = input;
  const retried = expect.noToolCalls ? checkRetried(input) : [];
  // A retry is the one finding: the text it has not written and the finish it breaks would only repeat it.
  if (retried.length > 0) return [...retried, ...unexpectedCalls(input, result)];
  const found: Diagnostic[] = [];
  if (expect.textMatches !== undefined && !new RegExp(expect.textMatches, 'i').test(result.text)) {
    found.push(
      failure(
        'text-mismatch',
        `the answer does not match /${expect.textMatches}/i`,
        result.text || '(empty)',
      ),
    );
  }
  if (expect.text && result.text.trim() === '') found.push(failure('empty-text', 'the answer has no text'));
  const ignored = expect.forced === undefined ? [] : checkForced(expect.forced, result);
  found.push(...ignored);
  // A choice ignored is the one finding: the count, names and finish it breaks would only repeat it.
  const honoured = ignored.length === 0;
  if (expect.toolCalls && honoured) found.push(...checkToolCalls(expect.toolCalls, input));
  if (expect.argumentsMatch) found.push(...checkArgumentsMatch(expect.argumentsMatch, result));
  if (expect.noToolCalls) found.push(...unexpectedCalls(input, result));
  if (expect.finish && honoured)
    found.push(...checkFinish(expect.finish, result, expect.forced !== undefined));
  if (expect.usage && !(result.usage?.outputTokens && result.usage.outputTokens > 0)) {
    found.push(failure('usage-missing', 'the stream reported no output token usage'));
  }
  if (expect.json) found.push(...checkJson(expect.json, result.text));
  if (expect.stopBefore !== undefined && result.text.includes(expect.stopBefore)) {
    found.push(
      failure(
        'stop-sequence-ignored',
        `the answer holds the stop sequence ${JSON.stringify(expect.stopBefore)}: the stop list was dropped or ` +
          'not honoured, so a client relying on it reads past where it asked the answer to end',
        result.text,
      ),
    );
  }
  if (expect.reasoning) found.push(...checkReasoning(result));
  if (
    expect.minTextDeltas !== undefined &&
    input.textDeltas !== undefined &&
    input.textDeltas < expect.minTextDeltas
  ) {
    found.push(
      failure(
        'not-streamed',
        `the text arrived in ${input.textDeltas} piece(s); a stream should deliver at least ${expect.minTextDeltas}`,
      ),
    );
  }
  return found;
}
