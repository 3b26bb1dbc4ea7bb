// How each OpenAI-compatible provider (and Mistral) shapes the same answer on the wire.
import type { OpenAIStyle } from './openai-chat.ts';
import { cohere } from './openai-styles/cohere.ts';
import { googleOpenAI } from './openai-styles/google-openai.ts';
import { mistral } from './openai-styles/mistral.ts';
import { ollamaOpenAI } from './openai-styles/ollama-openai.ts';
import { openai } from './openai-styles/openai.ts';
import { openrouter } from './openai-styles/openrouter.ts';
import { together } from './openai-styles/together.ts';

export const OPENAI_STYLES: Record<string, OpenAIStyle> = {
  openai,
  cohere,
  openrouter,
  together,
  'google-openai': googleOpenAI,
  'ollama-openai': ollamaOpenAI,
  mistral,
};
