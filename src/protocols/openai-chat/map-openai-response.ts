import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ChatResult, ToolCall } from '../../core/adapter-contract.ts';
import { toArgumentsText } from '../shared/arguments-text.ts';
import { chatResult } from '../shared/chat-result.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import { readReasoning, readThoughtSignature } from './read-openai-extras.ts';

export function mapOpenAIResponse(completion: ChatCompletion): ChatResult {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const toolCalls: ToolCall[] = [];
  for (const call of message?.tool_calls ?? []) {
    if (!('function' in call) || !call.function) continue;
    const mapped: ToolCall = {
      id: call.id ?? '',
      name: call.function.name ?? '',
      arguments: toArgumentsText(call.function.arguments),
    };
    const signature = readThoughtSignature(call);
    if (signature) mapped.signature = signature;
    toolCalls.push(mapped);
  }
  const rawFinishReason = choice?.finish_reason ?? undefined;
  return chatResult({
    text: message?.content ?? '',
    reasoning: message ? readReasoning(message) : undefined,
    toolCalls,
    finishReason: mapOpenAIFinishReason(rawFinishReason),
    rawFinishReason,
    usage: mapOpenAIUsage(completion.usage),
    model: completion.model,
  });
}
