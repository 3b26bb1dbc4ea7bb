import type { CompletionEvent } from '@mistralai/mistralai/models/components';
import { ToolCallIndexTracker } from '../openai-chat/tool-call-index-tracker.ts';
import type { StreamEvent } from '../types.ts';
import { mapMistralFinishReason } from './map-mistral-finish-reason.ts';
import { mapMistralUsage } from './map-mistral-usage.ts';
import { splitMistralContent } from './mistral-content.ts';
import { mistralArgumentsText, mistralToolCallId } from './mistral-tool-call.ts';

/**
 * Turns the SDK's completion events into neutral events. The SDK fills a missing tool-call `index` with 0,
 * so an absent index cannot be told from a real 0: every fragment is placed by the index-less rule
 * (a new id or a second name starts a new call). The finish event waits for the end of the stream.
 */
export async function* mapMistralStream(events: AsyncIterable<CompletionEvent>): AsyncGenerator<StreamEvent> {
  const tracker = new ToolCallIndexTracker();
  let model: string | undefined;
  let rawFinishReason: string | undefined;
  for await (const { data: chunk } of events) {
    if (chunk.model && chunk.model !== model) {
      model = chunk.model;
      yield { type: 'model', model };
    }
    for (const choice of chunk.choices) {
      if (choice.index !== 0) continue;
      const { text, reasoning } = splitMistralContent(choice.delta.content);
      if (reasoning) yield { type: 'reasoning', text: reasoning };
      if (text) yield { type: 'text', text };
      for (const call of choice.delta.toolCalls ?? []) {
        const id = mistralToolCallId(call);
        const name = call.function.name;
        const event: Extract<StreamEvent, { type: 'tool-call-delta' }> = {
          type: 'tool-call-delta',
          index: tracker.assign({ id, name }),
        };
        if (id !== '') event.id = id;
        if (name !== '') event.name = name;
        const argumentsDelta = mistralArgumentsText(call);
        if (argumentsDelta !== '') event.argumentsDelta = argumentsDelta;
        yield event;
      }
      if (choice.finishReason) rawFinishReason = choice.finishReason;
    }
    const usage = mapMistralUsage(chunk.usage);
    if (usage) yield { type: 'usage', usage };
  }
  if (rawFinishReason !== undefined) {
    yield { type: 'finish', finishReason: mapMistralFinishReason(rawFinishReason), rawFinishReason };
  }
}
