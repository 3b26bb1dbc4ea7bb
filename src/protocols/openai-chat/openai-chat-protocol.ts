import type { ProtocolDefinition } from '../protocol-definition.ts';
import { openAiStyleErrorBody } from '../shared/error-body.ts';
import { lazyAdapter } from '../shared/lazy-adapter.ts';
import { openAiStyleToolCallIds, openAiStyleToolResultIds } from '../shared/openai-style-tool-results.ts';
import { checkOpenAiChatWire } from './check-openai-chat-wire.ts';
import { OPENAI_CHAT_WIRE } from './read-openai-chat-wire.ts';

/** OpenAI chat completions, and the providers that speak it (OpenAI-compatible endpoints). */
export const openAiChatProtocol: ProtocolDefinition = {
  wire: OPENAI_CHAT_WIRE,
  adapter: lazyAdapter(
    'openai-chat',
    async () => (await import('./openai-chat-adapter.ts')).createOpenAIChatAdapter,
  ),
  checkWire: checkOpenAiChatWire,
  toolResultIds: openAiStyleToolResultIds,
  // A tool message has no error flag: a failed tool's content says so.
  toolResultFlags: () => undefined,
  toolCallIds: openAiStyleToolCallIds,
  errorBody: openAiStyleErrorBody,
};
