import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { StreamEvent } from '../types.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import { readReasoning, toArgumentsText } from './read-openai-extras.ts';
import { ToolCallIndexTracker } from './tool-call-index-tracker.ts';

/**
 * Turns the SDK's chunks into neutral events. The finish event waits for the end of the stream so that
 * a provider repeating `finish_reason` (or sending it before the usage chunk) still yields exactly one.
 */
export async function* mapOpenAIStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
): AsyncGenerator<StreamEvent> {
  const tracker = new ToolCallIndexTracker();
  let model: string | undefined;
  let rawFinishReason: string | undefined;
  for await (const chunk of chunks) {
    if (chunk.model && chunk.model !== model) {
      model = chunk.model;
      yield { type: 'model', model };
    }
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta;
      if (delta) {
        const reasoning = readReasoning(delta);
        if (reasoning) yield { type: 'reasoning', text: reasoning };
        if (typeof delta.content === 'string' && delta.content !== '')
          yield { type: 'text', text: delta.content };
        for (const call of delta.tool_calls ?? []) {
          const id = call.id ?? '';
          const name = call.function?.name ?? '';
          const index = tracker.assign({ index: call.index, id, name });
          const event: Extract<StreamEvent, { type: 'tool-call-delta' }> = { type: 'tool-call-delta', index };
          if (id !== '') event.id = id;
          if (name !== '') event.name = name;
          const argumentsDelta = toArgumentsText(call.function?.arguments);
          if (argumentsDelta !== '') event.argumentsDelta = argumentsDelta;
          yield event;
        }
      }
      if (choice.finish_reason) rawFinishReason = choice.finish_reason;
    }
    const usage = mapOpenAIUsage(chunk.usage);
    if (usage) yield { type: 'usage', usage };
  }
  if (rawFinishReason !== undefined) {
    yield { type: 'finish', finishReason: mapOpenAIFinishReason(rawFinishReason), rawFinishReason };
  }
}
