import { type Diagnostic, deviation } from '../../core/diagnostic.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { analyzeOpenAiChatWire } from '../openai-chat/check-openai-chat-wire.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';

const MISTRAL_TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/;

/** Mistral speaks the OpenAI chat wire, and its tool call ids have a fixed format it enforces on input. */
export function checkMistralWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[] {
  const { diagnostics, toolCallIds } = analyzeOpenAiChatWire(exchange, context);
  const odd = toolCallIds.find((id) => !MISTRAL_TOOL_CALL_ID.test(id));
  if (odd !== undefined) {
    diagnostics.push(
      deviation(
        'tool-call-id-format',
        `tool call id "${odd}" is not 9 characters [a-zA-Z0-9]: Mistral rejects such ids when the tool result ` +
          'is sent back, so a client has to rewrite them',
        odd,
      ),
    );
  }
  return diagnostics;
}
