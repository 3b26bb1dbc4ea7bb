import type { ProtocolDefinition } from '../protocol-definition.ts';
import { lazyAdapter } from '../shared/lazy-adapter.ts';
import { checkAnthropicWire } from './check-anthropic-wire.ts';
import {
  anthropicToolCallIds,
  anthropicToolResultFlags,
  anthropicToolResultIds,
} from './read-anthropic-tool-results.ts';
import { ANTHROPIC_WIRE } from './read-anthropic-wire.ts';

/** The Anthropic Messages API. */
export const anthropicMessagesProtocol: ProtocolDefinition = {
  wire: ANTHROPIC_WIRE,
  adapter: lazyAdapter(
    'anthropic-messages',
    async () => (await import('./anthropic-messages-adapter.ts')).createAnthropicMessagesAdapter,
  ),
  checkWire: checkAnthropicWire,
  toolResultIds: anthropicToolResultIds,
  toolResultFlags: anthropicToolResultFlags,
  toolCallIds: anthropicToolCallIds,
  errorBody: (type, message, details) =>
    JSON.stringify({ type: 'error', error: { message, type, ...details } }),
};
