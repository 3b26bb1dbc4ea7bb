import type { CompletionChunk, CompletionEvent } from '@mistralai/mistralai/models/components';
import type { StreamEvent } from '../../core/adapter-contract.ts';
import { type FirstChoiceChunk, mapFirstChoiceStream } from '../shared/map-first-choice-stream.ts';
import { splitContent } from '../shared/split-content.ts';
import { mapMistralFinishReason } from './map-mistral-finish-reason.ts';
import { mapMistralUsage } from './map-mistral-usage.ts';
import { mistralArgumentsText, mistralToolCallId } from './mistral-tool-call.ts';

async function* chunksOf(events: AsyncIterable<CompletionEvent>): AsyncIterable<CompletionChunk> {
  for await (const event of events) yield event.data;
}

export function mapMistralStream(events: AsyncIterable<CompletionEvent>): AsyncGenerator<StreamEvent> {
  return mapFirstChoiceStream(chunksOf(events), readMistralChunk, mapMistralFinishReason);
}

/**
 * The SDK fills a missing tool-call `index` with 0, so an absent index cannot be told from a real 0: the
 * fragments go without it, placed by the index-less rule (a new id or a second name starts a new call).
 */
function readMistralChunk(chunk: CompletionChunk): FirstChoiceChunk {
  const deltas = chunk.choices
    .filter((choice) => choice.index === 0)
    .map((choice) => ({
      ...splitContent(choice.delta.content),
      toolCalls: (choice.delta.toolCalls ?? []).map((call) => ({
        id: mistralToolCallId(call),
        name: call.function.name,
        argumentsDelta: mistralArgumentsText(call),
      })),
      finishReason: choice.finishReason,
    }));
  return { model: chunk.model, deltas, usage: mapMistralUsage(chunk.usage) };
}
