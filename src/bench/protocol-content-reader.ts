import type { Protocol } from '../protocols/types.ts';
import type { ContentReader } from './content-info.ts';
import { readAnthropicContent } from './read-anthropic-content.ts';
import { readGeminiContent } from './read-gemini-content.ts';
import { readOllamaContent } from './read-ollama-content.ts';
import { readOpenAiChatContent } from './read-openai-chat-content.ts';

const READERS: Record<Protocol, ContentReader> = {
  'openai-chat': readOpenAiChatContent,
  // Mistral's native chat speaks the OpenAI chunk shape (content may be an array of text parts).
  'mistral-chat': readOpenAiChatContent,
  'anthropic-messages': readAnthropicContent,
  gemini: readGeminiContent,
  'ollama-chat': readOllamaContent,
};

export function contentReaderFor(protocol: Protocol): ContentReader {
  return READERS[protocol];
}
