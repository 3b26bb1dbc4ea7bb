import type { ChatResult, ToolDefinition } from '../core/adapter-contract.ts';
import { type Diagnostic, deviation, failure } from '../core/diagnostic.ts';
import { isRecord } from '../core/is-record.ts';
import type { Expectation } from '../scenarios/scenarios.ts';
import { validateJsonSchema } from './validate-json-schema.ts';

export interface ExpectationInput {
  result: ChatResult;
  tools: ToolDefinition[];
  /** Text deltas seen, for streams; undefined for non-stream calls. */
  textDeltas?: number;
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

function checkFinish(expected: NonNullable<Expectation['finish']>, result: ChatResult): Diagnostic[] {
  if (result.finishReason === expected) return [];
  const said = `${result.finishReason}${result.rawFinishReason ? ` (${result.rawFinishReason})` : ''}`;
  // A client that keys on the calls themselves survives 'stop' after tool calls (Gemini's OpenAI endpoint does it).
  if (expected === 'tool-calls' && result.finishReason === 'stop' && result.toolCalls.length > 0) {
    return [deviation('finish-reason-mismatch', `tool calls arrived but the finish reason was ${said}`)];
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

/** Checks a successful answer against what its scenario expects. */
export function checkExpectation(expect: Expectation, input: ExpectationInput): Diagnostic[] {
  const { result } = input;
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
  if (expect.toolCalls) found.push(...checkToolCalls(expect.toolCalls, input));
  if (expect.argumentsMatch) found.push(...checkArgumentsMatch(expect.argumentsMatch, result));
  if (expect.noToolCalls && result.toolCalls.length > 0) {
    const names = result.toolCalls.map((call) => call.name).join(', ');
    found.push(failure('unexpected-tool-call', `no tool call was wanted, got ${names}`));
  }
  if (expect.finish) found.push(...checkFinish(expect.finish, result));
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
