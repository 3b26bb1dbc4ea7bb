import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { type InlineFile, isPicture, type Message } from '../../core/adapter-contract.ts';
import { fileDataUrl } from '../shared/file-data-url.ts';
import { toFunctionToolCalls } from '../shared/function-tools.ts';

export function convertToOpenAIMessages(messages: Message[]): ChatCompletionMessageParam[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): ChatCompletionMessageParam {
  if (message.role === 'tool') {
    // A tool message has no error flag: a failed tool's content says the error (isError is not sent).
    return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
  if (message.role === 'assistant' && message.toolCalls?.length) {
    const calls = toFunctionToolCalls(message.toolCalls).map((call, i) => {
      // Google's OpenAI endpoint: a thinking model's call goes back with the thought signature it came with.
      const signature = message.toolCalls?.[i]?.signature;
      return signature ? { ...call, extra_content: { google: { thought_signature: signature } } } : call;
    });
    return { role: 'assistant', content: message.content, tool_calls: calls };
  }
  if (message.role === 'user' && message.files?.length) {
    return {
      role: 'user',
      content: [{ type: 'text', text: message.content }, ...message.files.map(convertFile)],
    };
  }
  return { role: message.role, content: message.content };
}

function convertFile(file: InlineFile): ChatCompletionContentPart {
  if (isPicture(file)) return { type: 'image_url', image_url: { url: fileDataUrl(file) } };
  return { type: 'file', file: { filename: file.name ?? 'document.pdf', file_data: fileDataUrl(file) } };
}
