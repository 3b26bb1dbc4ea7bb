import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ChatResult, ToolCall } from '../types.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import { readReasoning, toArgumentsText } from './read-openai-extras.ts';

export function mapOpenAIResponse(completion: ChatCompletion): ChatResult {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const toolCalls: ToolCall[] = [];
  for (const call of message?.tool_calls ?? []) {
    if (!('function' in call) || !call.function) continue;
    toolCalls.push({
      id: call.id ?? '',
      name: call.function.name ?? '',
      arguments: toArgumentsText(call.function.arguments),
    });
  }
  const rawFinishReason = choice?.finish_reason ?? undefined;
  const result: ChatResult = {
    text: message?.content ?? '',
    toolCalls,
    finishReason: mapOpenAIFinishReason(rawFinishReason),
  };
  const reasoning = message ? readReasoning(message) : undefined;
  if (reasoning) result.reasoning = reasoning;
  if (rawFinishReason !== undefined) result.rawFinishReason = rawFinishReason;
  const usage = mapOpenAIUsage(completion.usage);
  if (usage) result.usage = usage;
  if (completion.model) result.model = completion.model;
  return result;
}
