import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ChatResult, ToolCall } from '../../core/adapter-contract.ts';
import { chatResult } from '../shared/chat-result.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';

export function mapAnthropicResponse(message: Message): ChatResult {
  let text = '';
  let reasoning = '';
  let reasoningSignature: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') {
      reasoning += block.thinking;
      reasoningSignature = block.signature || reasoningSignature;
    } else if (block.type === 'tool_use') {
      // The SDK's types promise an id and a name; a wire that leaves them out must still give strings.
      toolCalls.push({
        id: block.id ?? '',
        name: block.name ?? '',
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  return chatResult({
    text,
    reasoning,
    reasoningSignature,
    toolCalls,
    finishReason: mapAnthropicFinishReason(message.stop_reason),
    rawFinishReason: message.stop_reason || undefined,
    usage: message.usage ? mapAnthropicUsage(message.usage) : undefined,
    model: message.model,
  });
}
