import type { FinishReason } from '../../core/adapter-contract.ts';
import { finishReasonMapper, stopWithToolCalls } from '../shared/finish-reason-table.ts';
import type { FinishOf } from '../shared/map-whole-chunk.ts';
import type { GeminiResponseContent } from './read-gemini-response.ts';

const fromTable = finishReasonMapper({
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content-filter',
  RECITATION: 'content-filter',
  BLOCKLIST: 'content-filter',
  PROHIBITED_CONTENT: 'content-filter',
  SPII: 'content-filter',
  IMAGE_SAFETY: 'content-filter',
  IMAGE_PROHIBITED_CONTENT: 'content-filter',
  IMAGE_RECITATION: 'content-filter',
});

export function mapGeminiFinishReason(finishReason: string, hasToolCalls: boolean): FinishReason {
  return stopWithToolCalls(fromTable(finishReason), hasToolCalls);
}

/** A candidate's finishReason, or a blocked prompt's blockReason (always content-filter). */
export const geminiFinish: FinishOf<GeminiResponseContent> = (content, hasToolCalls) => {
  if (content.rawFinishReason === undefined) return undefined;
  const finishReason = content.blocked
    ? 'content-filter'
    : mapGeminiFinishReason(content.rawFinishReason, hasToolCalls);
  return { finishReason, rawFinishReason: content.rawFinishReason };
};
