import type { ChatResponse } from 'ollama';
import type { StreamEvent } from '../types.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';
import { readOllamaChunk } from './read-ollama-chunk.ts';

/**
 * Returns a stateful mapper from NDJSON lines to neutral events. Tool calls arrive whole, each in a line of
 * its own or several in one, so every call gets the next index; usage and the finish come with `done: true`.
 */
export function createOllamaStreamMapper(): (chunk: ChatResponse) => StreamEvent[] {
  let callCount = 0;
  let modelSent = false;
  let finished = false;

  return (chunk) => {
    const content = readOllamaChunk(chunk);
    const events: StreamEvent[] = [];
    if (content.model && !modelSent) {
      modelSent = true;
      events.push({ type: 'model', model: content.model });
    }
    if (content.reasoning) events.push({ type: 'reasoning', text: content.reasoning });
    if (content.text) events.push({ type: 'text', text: content.text });
    for (const call of content.toolCalls) {
      const delta: StreamEvent = { type: 'tool-call-delta', index: callCount++, name: call.name };
      if (call.id) delta.id = call.id;
      delta.argumentsDelta = call.arguments;
      events.push(delta);
    }
    if (content.usage) events.push({ type: 'usage', usage: content.usage });
    if (content.done && !finished) {
      finished = true;
      const finish: StreamEvent = {
        type: 'finish',
        finishReason: mapOllamaFinishReason(content.doneReason, callCount > 0),
      };
      if (content.doneReason) finish.rawFinishReason = content.doneReason;
      events.push(finish);
    }
    return events;
  };
}
