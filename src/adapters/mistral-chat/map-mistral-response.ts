import type { ChatCompletionResponse } from '@mistralai/mistralai/models/components';
import type { ChatResult } from '../types.ts';
import { mapMistralFinishReason } from './map-mistral-finish-reason.ts';
import { mapMistralUsage } from './map-mistral-usage.ts';
import { splitMistralContent } from './mistral-content.ts';
import { mistralArgumentsText, mistralToolCallId } from './mistral-tool-call.ts';

export function mapMistralResponse(response: ChatCompletionResponse): ChatResult {
  const choice = response.choices[0];
  const message = choice?.message;
  const { text, reasoning } = splitMistralContent(message?.content);
  const rawFinishReason = choice?.finishReason;
  const result: ChatResult = {
    text,
    toolCalls: (message?.toolCalls ?? []).map((call) => ({
      id: mistralToolCallId(call),
      name: call.function.name,
      arguments: mistralArgumentsText(call),
    })),
    finishReason: mapMistralFinishReason(rawFinishReason),
  };
  if (reasoning) result.reasoning = reasoning;
  if (rawFinishReason !== undefined) result.rawFinishReason = rawFinishReason;
  const usage = mapMistralUsage(response.usage);
  if (usage) result.usage = usage;
  if (response.model) result.model = response.model;
  return result;
}
