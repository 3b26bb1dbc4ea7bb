import type { StepOutcome, ToolCall } from '../core/adapter-contract.ts';
import type { Observed, ObservedText, ObservedToolCall, ObservedUsage } from '../core/case-result.ts';
import { isProtocol } from '../core/protocol-names.ts';
import { parseJson } from '../protocols/shared/json-value.ts';
import type { WireUsage } from '../protocols/shared/wire-event.ts';
import { readWireAnswer } from '../protocols/wire-answer.ts';
import type { TappedExchange } from '../wire/tap.ts';

/** A report shows the head of an answer: enough to see what was said, not a whole essay per cell. */
export const OBSERVED_TEXT_LIMIT = 400;

export function observedText(text: string): ObservedText {
  if (text.length <= OBSERVED_TEXT_LIMIT) return { text };
  let head = text.slice(0, OBSERVED_TEXT_LIMIT);
  // A cut between the two halves of a surrogate pair would leave half a character.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return { text: head, trimmedFrom: text.length };
}

function observedCall(call: ToolCall): ObservedToolCall {
  const observed: ObservedToolCall = { id: call.id, name: call.name, arguments: call.arguments };
  const parsed = parseJson(call.arguments);
  if (parsed.ok) observed.parsed = parsed.value;
  return observed;
}

function fromWire(usage: WireUsage): ObservedUsage {
  const observed: ObservedUsage = {};
  if (usage.inputTokens !== undefined) observed.input = usage.inputTokens;
  if (usage.outputTokens !== undefined) observed.output = usage.outputTokens;
  if (usage.totalTokens !== undefined) observed.total = usage.totalTokens;
  if (usage.cachedTokens !== undefined) observed.cached = usage.cachedTokens;
  if (usage.reasoningTokens !== undefined) observed.reasoning = usage.reasoningTokens;
  return observed;
}

/**
 * What the provider answered in the last exchange of a case that gave an answer: the adapter's text, reasoning and
 * tool calls, its neutral finish reason, and from the wire (read by the protocol's reader) the provider's own finish
 * spelling and its token counts. A custom protocol has no wire reader: the adapter's word is all there is.
 */
export function observeAnswer(
  steps: readonly StepOutcome[],
  exchanges: readonly TappedExchange[],
  protocol: string,
  stream: boolean,
): Observed {
  const at = steps.findLastIndex((step) => step.result !== undefined);
  const result = steps[at]?.result;
  if (!result) return { toolCalls: [] };
  const exchange = exchanges[at];
  const wire = exchange && isProtocol(protocol) ? readWireAnswer(exchange, protocol, stream) : undefined;
  const observed: Observed = {
    ...(steps.length > 1 ? { turn: at + 1 } : {}),
    text: observedText(result.text),
    ...(result.reasoning ? { reasoning: observedText(result.reasoning) } : {}),
    toolCalls: result.toolCalls.map(observedCall),
  };
  const raw = wire?.finish?.raw ?? result.rawFinishReason;
  observed.finish =
    raw === undefined ? { reason: result.finishReason } : { reason: result.finishReason, raw };
  // Without a wire reading, the adapter's counts: input and output, as wire usage spells them.
  const counts = wire?.usage ?? result.usage;
  const usage = counts ? fromWire(counts) : undefined;
  if (usage && Object.keys(usage).length > 0) observed.usage = usage;
  return observed;
}
