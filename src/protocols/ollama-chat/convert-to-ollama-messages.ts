import type { Message as OllamaMessage } from 'ollama';
import { isPicture, type Message } from '../../core/adapter-contract.ts';
import { parseJsonObject } from '../shared/parse-json-object.ts';

export function convertToOllamaMessages(messages: Message[]): OllamaMessage[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): OllamaMessage {
  if (message.role === 'tool') {
    // The native API matches results to calls by tool name: calls carry no ids. It has no error flag either: a
    // failed tool's content says the error (isError is not sent).
    return { role: 'tool', content: message.content, tool_name: message.toolName };
  }
  const converted: OllamaMessage = { role: message.role, content: message.content };
  // The chat API takes pictures only (`images`): it has no field for a document, which is left out.
  const pictures = message.role === 'user' ? (message.files ?? []).filter(isPicture) : [];
  if (pictures.length > 0) converted.images = pictures.map((picture) => picture.base64);
  if (message.role === 'assistant' && message.toolCalls?.length) {
    converted.tool_calls = message.toolCalls.map((call) => ({
      function: { name: call.name, arguments: parseJsonObject(call.arguments) ?? {} },
    }));
  }
  return converted;
}
