import { isProtocol, PROTOCOLS, type Protocol } from '../core/protocol-names.ts';
import { anthropicMessagesProtocol } from './anthropic-messages/anthropic-messages-protocol.ts';
import { geminiProtocol } from './gemini/gemini-protocol.ts';
import { mistralChatProtocol } from './mistral-chat/mistral-chat-protocol.ts';
import { ollamaChatProtocol } from './ollama-chat/ollama-chat-protocol.ts';
import { openAiChatProtocol } from './openai-chat/openai-chat-protocol.ts';
import type { ProtocolDefinition } from './protocol-definition.ts';
import { openAiStyleErrorBody } from './shared/error-body.ts';

/** What each built-in protocol means to the harness: one line each. */
export const PROTOCOL_DEFINITIONS: Readonly<Record<Protocol, ProtocolDefinition>> = {
  'openai-chat': openAiChatProtocol,
  'anthropic-messages': anthropicMessagesProtocol,
  gemini: geminiProtocol,
  'mistral-chat': mistralChatProtocol,
  'ollama-chat': ollamaChatProtocol,
};

export { isProtocol, PROTOCOLS, type Protocol };

export function protocolDefinition(protocol: Protocol): ProtocolDefinition {
  return PROTOCOL_DEFINITIONS[protocol];
}

/** An error body in the protocol's shape; OpenAI's, which most SDKs read, for a protocol the harness does not know. */
export function errorBodyFor(
  protocol: string | undefined,
  type: string,
  message: string,
  details: Record<string, unknown>,
): string {
  const errorBody =
    protocol !== undefined && isProtocol(protocol) ? PROTOCOL_DEFINITIONS[protocol].errorBody : undefined;
  return (errorBody ?? openAiStyleErrorBody)(type, message, details);
}
