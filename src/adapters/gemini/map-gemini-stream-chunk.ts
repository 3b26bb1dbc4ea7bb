import type { GenerateContentResponse } from '@google/genai';
import type { StreamEvent } from '../types.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { readGeminiResponse } from './read-gemini-response.ts';

/**
 * Returns a stateful mapper from stream chunks to neutral events. Every chunk is a whole
 * GenerateContentResponse: each functionCall part is a complete call and gets the next index; usage is a
 * running total, so each report supersedes the last.
 */
export function createGeminiStreamMapper(): (chunk: GenerateContentResponse) => StreamEvent[] {
  let callCount = 0;
  let modelSent = false;
  let finished = false;

  return (chunk) => {
    const content = readGeminiResponse(chunk);
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
    if (content.rawFinishReason !== undefined && !finished) {
      finished = true;
      const finishReason = content.blocked
        ? 'content-filter'
        : mapGeminiFinishReason(content.rawFinishReason, callCount > 0);
      events.push({ type: 'finish', finishReason, rawFinishReason: content.rawFinishReason });
    }
    return events;
  };
}
