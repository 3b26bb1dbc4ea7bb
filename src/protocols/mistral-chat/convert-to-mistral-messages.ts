import { createHash } from 'node:crypto';
import type { ChatCompletionRequest } from '@mistralai/mistralai/models/components';
import { isPicture, type Message } from '../../core/adapter-contract.ts';
import { fileDataUrl } from '../shared/file-data-url.ts';
import { toFunctionToolCalls } from '../shared/function-tools.ts';
import { type CallIdRule, rewriteCallIds } from '../shared/rewrite-call-ids.ts';

type MistralMessage = ChatCompletionRequest['messages'][number];

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Mistral refuses any other call id with a 400: "Tool call id was call_0fypS1hVX but must be a-z, A-Z, 0-9, with a
 * length of 9." (karthink/gptel#1203, jackmpcollins/magentic#276). Another provider's id becomes nine alphanumerics
 * read off its hash, the same every time.
 */
export const MISTRAL_CALL_IDS: CallIdRule = {
  accepts: (id) => /^[a-zA-Z0-9]{9}$/.test(id),
  rewrite: (id, attempt) =>
    [...createHash('sha256').update(`${attempt}:${id}`).digest().subarray(0, 9)]
      .map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length])
      .join(''),
};

/** Mistral's chat wire is OpenAI's, but the SDK takes camelCase and a tool result names its tool. */
export function convertToMistralMessages(messages: Message[]): MistralMessage[] {
  return rewriteCallIds(messages, MISTRAL_CALL_IDS).map(convertMessage);
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
