import type { ChatCompletionRequest } from '@mistralai/mistralai/models/components';
import type { Message } from '../types.ts';

type MistralMessage = ChatCompletionRequest['messages'][number];

export function convertToMistralMessages(messages: Message[]): MistralMessage[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): MistralMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content,
        toolCalls: message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    case 'tool':
      return {
        role: 'tool',
        toolCallId: message.toolCallId,
        name: message.toolName,
        content: message.content,
      };
  }
}
