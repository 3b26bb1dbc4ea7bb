import { HTTPClient, Mistral } from '@mistralai/mistralai';
import type { AdapterFactory } from '../../core/adapter-contract.ts';
import { buildMistralChatRequest } from './build-mistral-chat-request.ts';
import { mapMistralResponse } from './map-mistral-response.ts';
import { mapMistralStream } from './map-mistral-stream.ts';

/**
 * The SDK appends `/v1/chat/completions` to its server URL; a base URL written the OpenAI way, ending in
 * `/v1`, would otherwise be requested as `/v1/v1/…`.
 */
export function mistralServerUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Native Mistral chat through `@mistralai/mistralai`. */
export const createMistralChatAdapter: AdapterFactory = (config) => {
  const client = new Mistral({
    apiKey: config.apiKey,
    serverURL: mistralServerUrl(config.baseUrl),
    // The SDK hands fetch a bare Request; passing its signal as init keeps aborts working through
    // wrappers (the wire tap) that rebuild the request from url and init.
    httpClient: new HTTPClient({
      fetcher: (input, init) =>
        config.fetch(input, init ?? (input instanceof Request ? { signal: input.signal } : undefined)),
    }),
    retryConfig: { strategy: 'none' },
  });

  return {
    protocol: 'mistral-chat',

    async complete(request, signal) {
      const response = await client.chat.complete(
        { ...buildMistralChatRequest(request), stream: false },
        signal ? { signal } : undefined,
      );
      return mapMistralResponse(response);
    },

    async *stream(request, signal) {
      const events = await client.chat.stream(
        { ...buildMistralChatRequest(request), stream: true },
        signal ? { signal } : undefined,
      );
      yield* mapMistralStream(events);
    },
  };
};
