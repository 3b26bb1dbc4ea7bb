import { OPENAI_CHAT_WIRE } from '../openai-chat/read-openai-chat-wire.ts';
import type { ProtocolDefinition } from '../protocol-definition.ts';
import { openAiStyleErrorBody } from '../shared/error-body.ts';
import { lazyAdapter } from '../shared/lazy-adapter.ts';
import { openAiStyleToolCallIds, openAiStyleToolResultIds } from '../shared/openai-style-tool-results.ts';
import { checkMistralWire } from './check-mistral-wire.ts';

/** Mistral's native chat API: the OpenAI chunk shape (content may be text and thinking chunks), its own SDK. */
export const mistralChatProtocol: ProtocolDefinition = {
  wire: OPENAI_CHAT_WIRE,
  adapter: lazyAdapter(
    'mistral-chat',
    async () => (await import('./mistral-chat-adapter.ts')).createMistralChatAdapter,
  ),
  checkWire: checkMistralWire,
  toolResultIds: openAiStyleToolResultIds,
  // A tool message has no error flag: a failed tool's content says so.
  toolResultFlags: () => undefined,
  toolCallIds: openAiStyleToolCallIds,
  errorBody: openAiStyleErrorBody,
};
