import type { GenerateContentResponse } from '@google/genai';
import type { ChatResult } from '../types.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { readGeminiResponse } from './read-gemini-response.ts';

export function mapGeminiResponse(response: GenerateContentResponse): ChatResult {
  const content = readGeminiResponse(response);
  const result: ChatResult = { text: content.text, toolCalls: content.toolCalls, finishReason: 'unknown' };
  if (content.reasoning) result.reasoning = content.reasoning;
  if (content.rawFinishReason !== undefined) {
    result.finishReason = content.blocked
      ? 'content-filter'
      : mapGeminiFinishReason(content.rawFinishReason, content.toolCalls.length > 0);
    result.rawFinishReason = content.rawFinishReason;
  }
  if (content.usage) result.usage = content.usage;
  if (content.model) result.model = content.model;
  return result;
}
