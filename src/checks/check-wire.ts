import { checkAnthropicWire } from '../protocols/anthropic-messages/check-anthropic-wire.ts';
import { checkGeminiWire } from '../protocols/gemini/check-gemini-wire.ts';
import { checkMistralWire } from '../protocols/mistral-chat/check-mistral-wire.ts';
import { checkOllamaWire } from '../protocols/ollama-chat/check-ollama-wire.ts';
import { checkOpenAiChatWire } from '../protocols/openai-chat/check-openai-chat-wire.ts';
import type { WireCheckContext } from '../protocols/shared/wire-check-context.ts';
import type { Protocol } from '../protocols/types.ts';
import type { TappedExchange } from '../wire/tap.ts';
import type { Diagnostic } from './diagnostic.ts';

export type { WireCheckContext } from '../protocols/shared/wire-check-context.ts';

const CHECKS: Record<Protocol, (exchange: TappedExchange, context: WireCheckContext) => Diagnostic[]> = {
  'openai-chat': checkOpenAiChatWire,
  'anthropic-messages': checkAnthropicWire,
  gemini: checkGeminiWire,
  'mistral-chat': checkMistralWire,
  'ollama-chat': checkOllamaWire,
};

/**
 * Judges the raw bytes of one exchange against its protocol, independently of any SDK.
 * Only 2xx responses are judged: error responses are the error scenarios' business.
 */
export function checkWire(
  protocol: Protocol,
  exchange: TappedExchange,
  context: WireCheckContext,
): Diagnostic[] {
  if (exchange.status === undefined || exchange.status < 200 || exchange.status >= 300) return [];
  return CHECKS[protocol](exchange, context);
}
