import type { ToolCall as MistralToolCall } from '@mistralai/mistralai/models/components';
import { toArgumentsText } from '../shared/arguments-text.ts';

/** The SDK fills a missing tool-call id with the string "null"; real Mistral ids are 9 characters. */
export function mistralToolCallId(call: MistralToolCall): string {
  return call.id === undefined || call.id === 'null' ? '' : call.id;
}

/** The SDK types arguments as object or string: neutral arguments are always JSON text. */
export function mistralArgumentsText(call: MistralToolCall): string {
  return toArgumentsText(call.function.arguments);
}
