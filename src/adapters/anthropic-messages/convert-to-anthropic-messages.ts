import type {
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import type { Message } from '../types.ts';
import { parseToolInput } from './parse-tool-input.ts';

export interface AnthropicPrompt {
  /** System messages, in order; the Messages API takes them as one top-level `system`. */
  system: string[];
  messages: MessageParam[];
}

export function convertToAnthropicMessages(messages: Message[]): AnthropicPrompt {
  const system: string[] = [];
  const converted: MessageParam[] = [];
  let pendingResults: ToolResultBlockParam[] = [];

  const flushResults = () => {
    if (pendingResults.length === 0) return;
    converted.push({ role: 'user', content: pendingResults });
    pendingResults = [];
  };

  for (const message of messages) {
    if (message.role === 'tool') {
      // Consecutive tool results answer one assistant turn: they must share a single user message.
      pendingResults.push({ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content });
      continue;
    }
    flushResults();
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user':
        converted.push({ role: 'user', content: message.content });
        break;
      case 'assistant': {
        const calls = message.toolCalls ?? [];
        if (calls.length === 0) {
          converted.push({ role: 'assistant', content: message.content });
          break;
        }
        const content: ContentBlockParam[] = [];
        // The API rejects empty text blocks.
        if (message.content !== '') content.push({ type: 'text', text: message.content });
        for (const call of calls) {
          content.push({
            type: 'tool_use',
            id: call.id,
            name: call.name,
            input: parseToolInput(call.arguments),
          });
        }
        converted.push({ role: 'assistant', content });
        break;
      }
    }
  }
  flushResults();
  return { system, messages: converted };
}
