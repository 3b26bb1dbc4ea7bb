import type { FinishReason } from '../types.ts';

/** Maps an OpenAI-wire `finish_reason` to the neutral vocabulary; providers invent spellings, hence `other`. */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case null:
    case undefined:
      return 'unknown';
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
