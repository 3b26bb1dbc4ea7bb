import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import type { AdapterFactory, ChatRequest } from '../../core/adapter-contract.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { jsonOutputInstruction } from './json-output-instruction.ts';
import { mapAnthropicResponse } from './map-anthropic-response.ts';
import { createAnthropicStreamMapper } from './map-anthropic-stream-event.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

/** `max_tokens` is mandatory in the Messages API. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

/**
 * SDK 1.14 no longer types `temperature` (the newest models reject sampling parameters), but it sends the
 * body as given and the Messages API still takes it for the models the catalog uses.
 */
export type AnthropicParams = Omit<MessageCreateParamsBase, 'stream'> & { temperature?: number };

export function buildAnthropicParams(request: ChatRequest): AnthropicParams {
  const { system, messages } = convertToAnthropicMessages(request.messages);
  if (request.responseFormat) system.push(jsonOutputInstruction(request.responseFormat));
  const params: AnthropicParams = {
    model: request.model,
    messages,
    max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    ...prepareAnthropicTools(request.tools, request.toolChoice),
  };
  if (system.length > 0) params.system = system.join('\n\n');
  if (request.stop !== undefined) params.stop_sequences = request.stop;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.reasoning !== undefined) {
    params.thinking = { type: 'enabled', budget_tokens: request.reasoning.budgetTokens };
  }
  return params;
}

export const createAnthropicMessagesAdapter: AdapterFactory = (config) => {
  const client = new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    fetch: config.fetch,
    maxRetries: 0,
  });

  return {
    protocol: 'anthropic-messages',

    async complete(request, signal) {
      // No `stream` field at all: the Messages API defaults to a whole response.
      const params: MessageCreateParamsNonStreaming = buildAnthropicParams(request);
      const message = await client.messages.create(params, { signal });
      return mapAnthropicResponse(message);
    },

    async *stream(request, signal) {
      // Raw events rather than the MessageStream helper: the helper accumulates a snapshot and would hide
      // exactly the event-level behaviour the harness checks.
      const events = await client.messages.create(
        { ...buildAnthropicParams(request), stream: true },
        { signal },
      );
      const mapEvent = createAnthropicStreamMapper();
      for await (const event of events) yield* mapEvent(event);
    },
  };
};
