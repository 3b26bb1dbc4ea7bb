import type { GenerateContentResponse } from '@google/genai';
import type { WholeChunk } from '../shared/map-whole-chunk.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';

/** What one GenerateContentResponse (a whole body, or one stream chunk) carries, first candidate only. */
export interface GeminiResponseContent extends WholeChunk {
  /** The candidate's finishReason, or the prompt's blockReason when the prompt was blocked. */
  rawFinishReason?: string;
  blocked: boolean;
}

export function readGeminiResponse(response: GenerateContentResponse): GeminiResponseContent {
  const content: GeminiResponseContent = { text: '', reasoning: '', toolCalls: [], blocked: false };
  const candidate = response.candidates?.[0];
  for (const part of candidate?.content?.parts ?? []) {
    if (typeof part.text === 'string') {
      if (part.thought) content.reasoning += part.text;
      else content.text += part.text;
    }
    if (part.functionCall) {
      const call: (typeof content.toolCalls)[number] = {
        id: part.functionCall.id ?? '',
        name: part.functionCall.name ?? '',
        arguments: JSON.stringify(part.functionCall.args ?? {}),
      };
      if (part.thoughtSignature) call.signature = part.thoughtSignature;
      content.toolCalls.push(call);
    }
  }
  if (candidate?.finishReason) {
    content.rawFinishReason = candidate.finishReason;
  } else if (!candidate && response.promptFeedback?.blockReason) {
    content.rawFinishReason = response.promptFeedback.blockReason;
    content.blocked = true;
  }
  const usage = response.usageMetadata ? mapGeminiUsage(response.usageMetadata) : undefined;
  if (usage) content.usage = usage;
  if (response.modelVersion) content.model = response.modelVersion;
  return content;
}
