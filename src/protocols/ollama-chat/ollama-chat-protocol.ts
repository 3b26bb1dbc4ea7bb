import type { ProtocolDefinition } from '../protocol-definition.ts';
import { lazyAdapter } from '../shared/lazy-adapter.ts';
import { checkOllamaWire } from './check-ollama-wire.ts';
import { OLLAMA_WIRE } from './read-ollama-wire.ts';

/** Ollama's native `/api/chat`, streamed as NDJSON. */
export const ollamaChatProtocol: ProtocolDefinition = {
  wire: OLLAMA_WIRE,
  adapter: lazyAdapter(
    'ollama-chat',
    async () => (await import('./ollama-chat-adapter.ts')).createOllamaChatAdapter,
  ),
  checkWire: checkOllamaWire,
  // The native API matches a result to its call by tool name: neither carries an id.
  toolResultIds: () => undefined,
  // Nor an error flag: a failed tool's content says so.
  toolResultFlags: () => undefined,
  toolCallIds: () => undefined,
  // ollama-js reads `error` as the message itself.
  errorBody: (_type, message, details) => JSON.stringify({ error: message, ...details }),
};
