import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Message } from '../../core/adapter-contract.ts';
import { toFunctionToolCalls } from '../shared/function-tools.ts';

export function convertToOpenAIMessages(messages: Message[]): ChatCompletionMessageParam[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): ChatCompletionMessageParam {
  if (message.role === 'tool') {
    return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content,
      tool_calls: toFunctionToolCalls(message.toolCalls),
    };
  }
  return { role: message.role, content: message.content };
}
