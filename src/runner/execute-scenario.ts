import type {
  Adapter,
  ChatRequest,
  ChatResult,
  Message,
  StepOutcome,
  StreamEvent,
} from '../core/adapter-contract.ts';
import { collectStream } from '../protocols/shared/collect-stream.ts';
import type { Scenario } from '../scenarios/scenarios.ts';

async function countingStream(
  events: AsyncIterable<StreamEvent>,
  count: { textDeltas: number },
): Promise<ChatResult> {
  async function* counted(): AsyncIterable<StreamEvent> {
    for await (const event of events) {
      if (event.type === 'text' && event.text !== '') count.textDeltas++;
      yield event;
    }
  }
  return collectStream(counted());
}

async function runStep(
  adapter: Adapter,
  request: ChatRequest,
  stream: boolean,
  signal: AbortSignal | undefined,
): Promise<StepOutcome> {
  const count = { textDeltas: 0 };
  try {
    const result = stream
      ? await countingStream(adapter.stream(request, signal), count)
      : await adapter.complete(request, signal);
    return { result, textDeltas: count.textDeltas };
  } catch (error) {
    return { error, textDeltas: count.textDeltas };
  }
}

/** The messages of the second exchange: the first turn, the assistant's calls, and each call's result. */
export function followUpMessages(scenario: Scenario, first: ChatResult): Message[] {
  const results = scenario.followUp?.toolResults ?? {};
  const assistant: Message = { role: 'assistant', content: first.text, toolCalls: first.toolCalls };
  // Signed reasoning goes back as it came (Anthropic refuses a thinking model's tool turn without it).
  if (first.reasoningSignature) {
    assistant.reasoning = { text: first.reasoning ?? '', signature: first.reasoningSignature };
  }
  return [
    ...scenario.request.messages,
    assistant,
    ...first.toolCalls.map(
      (call): Message => ({
        role: 'tool',
        toolCallId: call.id,
        toolName: call.name,
        content: results[call.name] ?? '{"error":"unknown tool"}',
      }),
    ),
  ];
}

/**
 * Runs a scenario's exchanges through an adapter: one step, or two for a tool round trip (the second only when
 * the first produced tool calls).
 */
export async function executeScenario(
  adapter: Adapter,
  scenario: Scenario,
  model: string,
  signal?: AbortSignal,
): Promise<StepOutcome[]> {
  const request: ChatRequest = { ...scenario.request, model };
  const first = await runStep(adapter, request, scenario.stream, signal);
  const steps = [first];
  if (scenario.followUp && first.result && first.result.toolCalls.length > 0) {
    const messages = followUpMessages(scenario, first.result);
    steps.push(await runStep(adapter, { ...request, messages }, scenario.stream, signal));
  }
  return steps;
}
