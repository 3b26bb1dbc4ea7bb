import type { FinishReason } from '../types.ts';

const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/** Gemini says STOP after function calls too; the calls themselves tell the two apart. */
export function mapGeminiFinishReason(finishReason: string, hasToolCalls: boolean): FinishReason {
  if (finishReason === 'STOP') return hasToolCalls ? 'tool-calls' : 'stop';
  if (finishReason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER.has(finishReason)) return 'content-filter';
  return 'other';
}
