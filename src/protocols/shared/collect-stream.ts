import type { ChatResult, StreamEvent, ToolCall } from '../../core/adapter-contract.ts';

/** Folds a stream of neutral events into the same ChatResult a non-streaming call returns. */
export async function collectStream(events: AsyncIterable<StreamEvent>): Promise<ChatResult> {
  let text = '';
  let reasoning = '';
  const calls = new Map<number, ToolCall>();
  const result: ChatResult = { text: '', toolCalls: [], finishReason: 'unknown' };
  for await (const event of events) {
    switch (event.type) {
      case 'text':
        text += event.text;
        break;
      case 'reasoning':
        reasoning += event.text;
        break;
      case 'tool-call-delta': {
        const call = calls.get(event.index) ?? { id: '', name: '', arguments: '' };
        if (event.id) call.id = event.id;
        if (event.name) call.name = event.name;
        if (event.argumentsDelta) call.arguments += event.argumentsDelta;
        if (event.signature) call.signature = event.signature;
        calls.set(event.index, call);
        break;
      }
      case 'reasoning-signature':
        result.reasoningSignature = event.signature;
        break;
      case 'usage':
        result.usage = { ...result.usage, ...event.usage };
        break;
      case 'model':
        result.model = event.model;
        break;
      case 'finish':
        result.finishReason = event.finishReason;
        if (event.rawFinishReason !== undefined) result.rawFinishReason = event.rawFinishReason;
        break;
    }
  }
  result.text = text;
  if (reasoning) result.reasoning = reasoning;
  result.toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  return result;
}
