import type { ChatResponse } from 'ollama';
import type { ChatResult } from '../types.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';
import { readOllamaChunk } from './read-ollama-chunk.ts';

export function mapOllamaResponse(response: ChatResponse): ChatResult {
  const content = readOllamaChunk(response);
  const result: ChatResult = {
    text: content.text,
    toolCalls: content.toolCalls,
    finishReason: mapOllamaFinishReason(content.doneReason, content.toolCalls.length > 0),
  };
  if (content.reasoning) result.reasoning = content.reasoning;
  if (content.doneReason) result.rawFinishReason = content.doneReason;
  if (content.usage) result.usage = content.usage;
  if (content.model) result.model = content.model;
  return result;
}
