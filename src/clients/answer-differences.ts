import type { ChatResult } from '../core/adapter-contract.ts';
import type { WireAnswer, WireToolCall } from '../protocols/wire-answer.ts';

const SHOWN_CHARS = 60;

function quote(text: string): string {
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
  return `${JSON.stringify(shown)} (${text.length} characters)`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  }
  return value;
}

/**
 * Arguments as JSON with sorted keys, so spacing and key order never count; no arguments at all (``, `null`, `{}`)
 * read alike, as clients differ in how they spell them. Text that is not JSON stays as it is.
 */
export function normalizedArguments(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'null') return '{}';
  try {
    return JSON.stringify(canonical(JSON.parse(trimmed)));
  } catch {
    return text;
  }
}

const names = (calls: readonly { name: string }[]) =>
  calls.length === 0 ? '' : ` (${calls.map((call) => call.name || '?').join(', ')})`;

function toolCallDifferences(wire: readonly WireToolCall[], client: ChatResult['toolCalls']): string[] {
  if (wire.length !== client.length) {
    const what = (n: number) => `${n} tool call${n === 1 ? '' : 's'}`;
    return [
      `the wire had ${what(wire.length)}${names(wire)}, the client reported ${client.length}${names(client)}`,
    ];
  }
  const found: string[] = [];
  wire.forEach((call, i) => {
    const reported = client[i];
    if (!reported) return;
    const which = wire.length === 1 ? 'the tool call' : `tool call ${i + 1}`;
    if (reported.name !== call.name) {
      found.push(
        `${which} was to ${call.name} on the wire, the client reported ${reported.name || 'no name'}`,
      );
      return;
    }
    const wireArgs = normalizedArguments(call.arguments);
    const clientArgs = normalizedArguments(reported.arguments);
    if (wireArgs !== clientArgs) {
      found.push(
        `${which}'s arguments were ${quote(wireArgs)} on the wire, the client reported ${quote(clientArgs)}`,
      );
    }
  });
  return found;
}

function finishDifference(wire: WireAnswer, client: ChatResult): string | undefined {
  const said = wire.finish?.reason ?? 'unknown';
  if (said === client.finishReason) return undefined;
  // Reading "stop" after tool calls as tool-calls is what the Gemini and Ollama adapters do too.
  if (said === 'stop' && client.finishReason === 'tool-calls' && wire.toolCalls.length > 0) return undefined;
  const raw = wire.finish ? ` (${wire.finish.raw})` : '';
  return `the wire's finish reason was ${said}${raw}, the client reported ${client.finishReason}`;
}

function usageDifference(wire: WireAnswer, client: ChatResult): string | undefined {
  const counts = wire.usage;
  if (!counts || (counts.inputTokens === undefined && counts.outputTokens === undefined)) return undefined;
  const show = (usage: { inputTokens?: number; outputTokens?: number }) =>
    `${usage.inputTokens ?? '?'} in, ${usage.outputTokens ?? '?'} out`;
  if (!client.usage) return `the wire reported usage (${show(counts)}), the client reported none`;
  const differs =
    (counts.inputTokens !== undefined && client.usage.inputTokens !== counts.inputTokens) ||
    (counts.outputTokens !== undefined && client.usage.outputTokens !== counts.outputTokens);
  return differs
    ? `the wire reported usage ${show(counts)}, the client reported ${show(client.usage)}`
    : undefined;
}

/**
 * How a client's answer departs from what the wire said: its text, its tool calls (count, names, arguments after
 * JSON normalisation), its finish reason and its usage, each worded with both sides. Empty when they agree.
 */
export function answerDifferences(wire: WireAnswer, client: ChatResult): string[] {
  const found = toolCallDifferences(wire.toolCalls, client.toolCalls);
  if (client.text !== wire.text) {
    found.unshift(`the wire's text was ${quote(wire.text)}, the client reported ${quote(client.text)}`);
  }
  const finish = finishDifference(wire, client);
  if (finish) found.push(finish);
  const usage = usageDifference(wire, client);
  if (usage) found.push(usage);
  return found;
}
