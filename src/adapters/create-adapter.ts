import { createAnthropicMessagesAdapter } from './anthropic-messages/anthropic-messages-adapter.ts';
import { createGeminiAdapter } from './gemini/gemini-adapter.ts';
import { createMistralChatAdapter } from './mistral-chat/mistral-chat-adapter.ts';
import { createOllamaChatAdapter } from './ollama-chat/ollama-chat-adapter.ts';
import { createOpenAIChatAdapter } from './openai-chat/openai-chat-adapter.ts';
import type { Adapter, AdapterConfig, AdapterFactory, Protocol } from './types.ts';

const FACTORIES: Record<Protocol, AdapterFactory> = {
  'openai-chat': createOpenAIChatAdapter,
  'anthropic-messages': createAnthropicMessagesAdapter,
  gemini: createGeminiAdapter,
  'mistral-chat': createMistralChatAdapter,
  'ollama-chat': createOllamaChatAdapter,
};

export function createAdapter(protocol: Protocol, config: AdapterConfig): Adapter {
  return FACTORIES[protocol](config);
}
