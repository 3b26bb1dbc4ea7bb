import type {
  Adapter,
  ChatRequest,
  ChatResult,
  Message,
  StepOutcome,
  StreamEvent,
  ToolCall,
} from '../core/adapter-contract.ts';
import { collectStream } from '../protocols/shared/collect-stream.ts';
import { followUpRounds, type Scenario, type ToolResult } from '../scenarios/scenarios.ts';

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

/** A call's result as a tool message: an error result carries its text and the error flag. */
function toolMessage(call: ToolCall, result: ToolResult = '{"error":"unknown tool"}'): Message {
  const message: Message = { role: 'tool', toolCallId: call.id, toolName: call.name, content: '' };
  if (typeof result === 'string') return { ...message, content: result };
  return { ...message, content: result.error, isError: true };
}

/** The messages of the next exchange: the history so far, the assistant's answer with its calls, each call's result. */
export function followUpMessages(
  history: readonly Message[],
  answer: ChatResult,
  results: Readonly<Record<string, ToolResult>>,
): Message[] {
  const assistant: Message = { role: 'assistant', content: answer.text, toolCalls: answer.toolCalls };
  // Signed reasoning goes back as it came (Anthropic refuses a thinking model's tool turn without it).
  if (answer.reasoningSignature) {
    assistant.reasoning = { text: answer.reasoning ?? '', signature: answer.reasoningSignature };
  }
  return [...history, assistant, ...answer.toolCalls.map((call) => toolMessage(call, results[call.name]))];
}

/**
 * Runs a scenario's exchanges through an adapter: one step, then one per follow-up round (tools.roundtrip has one,
 * tools.sequential two), each sent only while the answer before it made tool calls, with the whole history.
 */
export async function executeScenario(
  adapter: Adapter,
  scenario: Scenario,
  model: string,
  signal?: AbortSignal,
): Promise<StepOutcome[]> {
  const request: ChatRequest = { ...scenario.request, model };
  let step = await runStep(adapter, request, scenario.stream, signal);
  const steps = [step];
  let messages = request.messages;
  for (const round of followUpRounds(scenario)) {
    if (!step.result || step.result.toolCalls.length === 0) break;
    messages = followUpMessages(messages, step.result, round.toolResults);
    step = await runStep(adapter, { ...request, messages }, scenario.stream, signal);
    steps.push(step);
  }
  return steps;
}
