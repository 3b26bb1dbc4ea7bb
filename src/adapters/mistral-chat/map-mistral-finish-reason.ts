import type { FinishReason } from '../types.ts';

/** Maps Mistral's `finish_reason`; `model_length` (the model's context ran out) is a length stop too. */
export function mapMistralFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case null:
    case undefined:
      return 'unknown';
    case 'stop':
      return 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'tool_calls':
      return 'tool-calls';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
