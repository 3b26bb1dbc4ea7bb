import { anthropicMessagesProtocol } from './anthropic-messages/anthropic-messages-protocol.ts';
import { geminiProtocol } from './gemini/gemini-protocol.ts';
import { mistralChatProtocol } from './mistral-chat/mistral-chat-protocol.ts';
import { ollamaChatProtocol } from './ollama-chat/ollama-chat-protocol.ts';
import { openAiChatProtocol } from './openai-chat/openai-chat-protocol.ts';
import type { ProtocolDefinition } from './protocol-definition.ts';
import { openAiStyleErrorBody } from './shared/error-body.ts';

/** The built-in wire protocols, one line each: a protocol is its folder and its line here. */
export const PROTOCOL_DEFINITIONS = {
  'openai-chat': openAiChatProtocol,
  'anthropic-messages': anthropicMessagesProtocol,
  gemini: geminiProtocol,
  'mistral-chat': mistralChatProtocol,
  'ollama-chat': ollamaChatProtocol,
} as const satisfies Readonly<Record<string, ProtocolDefinition>>;

export type Protocol = keyof typeof PROTOCOL_DEFINITIONS;

export const PROTOCOLS = Object.keys(PROTOCOL_DEFINITIONS) as readonly Protocol[];

export function isProtocol(value: string): value is Protocol {
  return Object.hasOwn(PROTOCOL_DEFINITIONS, value);
}

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
