import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { StreamEvent } from '../../core/adapter-contract.ts';
import { toArgumentsText } from '../shared/arguments-text.ts';
import { type FirstChoiceChunk, mapFirstChoiceStream } from '../shared/map-first-choice-stream.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import { readReasoning, readThoughtSignature } from './read-openai-extras.ts';

export function mapOpenAIStream(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<StreamEvent> {
  return mapFirstChoiceStream(chunks, readOpenAIChunk, mapOpenAIFinishReason);
}

/** Providers may leave out a choice's `index` and a call's fields; the wire `index` is kept where sent. */
function readOpenAIChunk(chunk: ChatCompletionChunk): FirstChoiceChunk {
  const deltas = (chunk.choices ?? [])
    .filter((choice) => (choice.index ?? 0) === 0)
    .map((choice) => ({
      reasoning: choice.delta ? readReasoning(choice.delta) : undefined,
      text: typeof choice.delta?.content === 'string' ? choice.delta.content : undefined,
      toolCalls: (choice.delta?.tool_calls ?? []).map((call) => ({
        index: call.index,
        id: call.id ?? '',
        name: call.function?.name ?? '',
        argumentsDelta: toArgumentsText(call.function?.arguments),
        signature: readThoughtSignature(call),
      })),
      finishReason: choice.finish_reason,
    }));
  return { model: chunk.model, deltas, usage: mapOpenAIUsage(chunk.usage) };
}
