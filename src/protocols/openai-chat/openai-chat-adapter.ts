import OpenAI from 'openai';
import type { AdapterFactory } from '../../core/adapter-contract.ts';
import { buildOpenAIChatParams, buildStreamOptions } from './build-openai-chat-params.ts';
import { mapOpenAIResponse } from './map-openai-response.ts';
import { mapOpenAIStream } from './map-openai-stream.ts';

// The SDK refuses to start without a key; keyless servers (Ollama) ignore whatever is sent.
const PLACEHOLDER_API_KEY = 'no-key';

/** One adapter for every OpenAI-compatible provider: the catalog supplies base URL, key and quirks. */
export const createOpenAIChatAdapter: AdapterFactory = (config) => {
  const client = new OpenAI({
    apiKey: config.apiKey || PLACEHOLDER_API_KEY,
    baseURL: config.baseUrl,
    fetch: config.fetch,
    maxRetries: 0,
    // Explicit nulls keep OPENAI_ORG_ID / OPENAI_PROJECT_ID from leaking headers to other providers.
    organization: null,
    project: null,
    adminAPIKey: null,
  });

  return {
    protocol: 'openai-chat',

    async complete(request, signal) {
      const completion = await client.chat.completions.create(
        { ...buildOpenAIChatParams(request), stream: false },
        { signal },
      );
      return mapOpenAIResponse(completion);
    },

    async *stream(request, signal) {
      const streamOptions = buildStreamOptions(request, config.quirks);
      const chunks = await client.chat.completions.create(
        {
          ...buildOpenAIChatParams(request),
          stream: true,
          ...(streamOptions ? { stream_options: streamOptions } : {}),
        },
        { signal },
      );
      yield* mapOpenAIStream(chunks);
    },
  };
};
