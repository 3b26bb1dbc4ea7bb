import type { Content, Part } from '@google/genai';
import type { Message } from '../types.ts';
import { parseJsonObject } from './parse-json-object.ts';

export interface GeminiPrompt {
  /** System messages joined; Gemini takes them as `systemInstruction`, outside the contents. */
  systemInstruction?: Content;
  contents: Content[];
}

export function convertToGeminiContents(messages: Message[]): GeminiPrompt {
  const system: string[] = [];
  const contents: Content[] = [];
  let pendingResponses: Part[] = [];

  const flushResponses = () => {
    if (pendingResponses.length === 0) return;
    contents.push({ role: 'user', parts: pendingResponses });
    pendingResponses = [];
  };

  for (const message of messages) {
    if (message.role === 'tool') {
      // All responses to one model turn go back in one user turn, in call order.
      const response = parseJsonObject(message.content) ?? { result: message.content };
      const functionResponse: NonNullable<Part['functionResponse']> = { name: message.toolName, response };
      if (message.toolCallId) functionResponse.id = message.toolCallId;
      pendingResponses.push({ functionResponse });
      continue;
    }
    flushResponses();
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user':
        contents.push({ role: 'user', parts: [{ text: message.content }] });
        break;
      case 'assistant': {
        const parts: Part[] = [];
        if (message.content !== '' || !message.toolCalls?.length) parts.push({ text: message.content });
        for (const call of message.toolCalls ?? []) {
          const functionCall: NonNullable<Part['functionCall']> = {
            name: call.name,
            args: parseJsonObject(call.arguments) ?? {},
          };
          if (call.id) functionCall.id = call.id;
          parts.push({ functionCall });
        }
        contents.push({ role: 'model', parts });
        break;
      }
    }
  }
  flushResponses();

  const prompt: GeminiPrompt = { contents };
  if (system.length > 0) prompt.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  return prompt;
}
