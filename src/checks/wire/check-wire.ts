import type { Protocol } from '../../adapters/types.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { checkAnthropicWire } from './check-anthropic-wire.ts';
import { checkGeminiWire } from './check-gemini-wire.ts';
import { checkMistralWire } from './check-mistral-wire.ts';
import { checkOllamaWire } from './check-ollama-wire.ts';
import { checkOpenAiChatWire } from './check-openai-chat-wire.ts';
import type { WireCheckContext } from './wire-check-context.ts';

export type { WireCheckContext } from './wire-check-context.ts';

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
