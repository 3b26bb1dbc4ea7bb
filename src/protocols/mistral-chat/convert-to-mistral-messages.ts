import type { ChatCompletionRequest } from '@mistralai/mistralai/models/components';
import { isPicture, type Message } from '../../core/adapter-contract.ts';
import { fileDataUrl } from '../shared/file-data-url.ts';
import { toFunctionToolCalls } from '../shared/function-tools.ts';

type MistralMessage = ChatCompletionRequest['messages'][number];

/** Mistral's chat wire is OpenAI's, but the SDK takes camelCase and a tool result names its tool. */
export function convertToMistralMessages(messages: Message[]): MistralMessage[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): MistralMessage {
  if (message.role === 'tool') {
    // A tool message has no error flag: a failed tool's content says the error (isError is not sent).
    return { role: 'tool', toolCallId: message.toolCallId, name: message.toolName, content: message.content };
  }
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return { role: 'assistant', content: message.content, toolCalls: toFunctionToolCalls(message.toolCalls) };
  }
  if (message.role === 'user' && message.files?.length) {
    return {
      role: 'user',
      content: [
        { type: 'text', text: message.content },
        ...message.files.map((file) =>
          isPicture(file)
            ? { type: 'image_url' as const, imageUrl: fileDataUrl(file) }
            : {
                type: 'document_url' as const,
                documentUrl: fileDataUrl(file),
                ...(file.name && { documentName: file.name }),
              },
        ),
      ],
    };
  }
  return { role: message.role, content: message.content };
}
