import type { ChatCompletionResponse } from '@mistralai/mistralai/models/components';
import type { ChatResult } from '../../core/adapter-contract.ts';
import { chatResult } from '../shared/chat-result.ts';
import { splitContent } from '../shared/split-content.ts';
import { mapMistralFinishReason } from './map-mistral-finish-reason.ts';
import { mapMistralUsage } from './map-mistral-usage.ts';
import { mistralArgumentsText, mistralToolCallId } from './mistral-tool-call.ts';

export function mapMistralResponse(response: ChatCompletionResponse): ChatResult {
  const choice = response.choices[0];
  const message = choice?.message;
  const { text, reasoning } = splitContent(message?.content);
  return chatResult({
    text,
    reasoning,
    toolCalls: (message?.toolCalls ?? []).map((call) => ({
      id: mistralToolCallId(call),
      name: call.function.name,
      arguments: mistralArgumentsText(call),
    })),
    finishReason: mapMistralFinishReason(choice?.finishReason),
    rawFinishReason: choice?.finishReason,
    usage: mapMistralUsage(response.usage),
    model: response.model,
  });
}
