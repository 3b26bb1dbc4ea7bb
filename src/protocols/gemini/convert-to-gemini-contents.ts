import type { Content, Part } from '@google/genai';
import type { Message } from '../../core/adapter-contract.ts';
import { groupConversation, type Turn } from '../shared/group-conversation.ts';
import { parseJsonObject } from '../shared/parse-json-object.ts';

export interface GeminiPrompt {
  /** System messages joined; Gemini takes them as `systemInstruction`, outside the contents. */
  systemInstruction?: Content;
  contents: Content[];
}

export function convertToGeminiContents(messages: Message[]): GeminiPrompt {
  const { system, turns } = groupConversation(messages);
  const prompt: GeminiPrompt = { contents: turns.map(convertTurn) };
  if (system.length > 0) prompt.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  return prompt;
}

function convertTurn(turn: Turn): Content {
  switch (turn.role) {
    case 'tool-results':
      // All responses to one model turn go back in one user turn, in call order.
      return {
        role: 'user',
        parts: turn.results.map((result) => {
          // A failed call's details go under the `error` key, the form FunctionResponse.response documents for them.
          const response = result.isError
            ? { error: parseJsonObject(result.content) ?? result.content }
            : (parseJsonObject(result.content) ?? { result: result.content });
          const functionResponse: NonNullable<Part['functionResponse']> = { name: result.toolName, response };
          if (result.toolCallId) functionResponse.id = result.toolCallId;
          return { functionResponse };
        }),
      };
    case 'user':
      return {
        role: 'user',
        parts: [
          { text: turn.content },
          ...(turn.files ?? []).map((image) => ({
            inlineData: { mimeType: image.mediaType, data: image.base64 },
          })),
        ],
      };
    case 'assistant': {
      const parts: Part[] = [];
      if (turn.content !== '' || !turn.toolCalls?.length) parts.push({ text: turn.content });
      for (const call of turn.toolCalls ?? []) {
        const functionCall: NonNullable<Part['functionCall']> = {
          name: call.name,
          args: parseJsonObject(call.arguments) ?? {},
        };
        if (call.id) functionCall.id = call.id;
        // A thinking model's call carries its thought signature; without it the next turn is refused.
        parts.push(call.signature ? { functionCall, thoughtSignature: call.signature } : { functionCall });
      }
      return { role: 'model', parts };
    }
  }
}
