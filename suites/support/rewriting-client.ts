import type { Adapter, AdapterFactory, ChatRequest, Message } from '../../src/core/adapter-contract.ts';
import type { Protocol } from '../../src/core/protocol-names.ts';
import { createAdapter } from '../../src/protocols/create-adapter.ts';

type ToolMessage = Extract<Message, { role: 'tool' }>;

/**
 * A client with a bug in how it sends tool results: the built-in adapter of `protocol`, every tool message rewritten
 * by `rewrite` before it goes out. Registered under that protocol (`config.adapters`), its wire checks still apply.
 */
export function toolResultsRewritten(
  protocol: Protocol,
  rewrite: (message: ToolMessage) => Message,
): AdapterFactory {
  const rewritten = (request: ChatRequest): ChatRequest => ({
    ...request,
    messages: request.messages.map((message) => (message.role === 'tool' ? rewrite(message) : message)),
  });
  return (config): Adapter => {
    const inner = createAdapter(protocol, config);
    return {
      protocol: inner.protocol,
      complete: (request, signal) => inner.complete(rewritten(request), signal),
      stream: (request, signal) => inner.stream(rewritten(request), signal),
    };
  };
}
