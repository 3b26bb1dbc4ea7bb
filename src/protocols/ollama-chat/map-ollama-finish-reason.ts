import type { FinishReason } from '../../core/adapter-contract.ts';
import { finishReasonMapper, stopWithToolCalls } from '../shared/finish-reason-table.ts';
import type { FinishOf } from '../shared/map-whole-chunk.ts';
import type { OllamaChunkContent } from './read-ollama-chunk.ts';

const fromTable = finishReasonMapper({ stop: 'stop', length: 'length', '': 'unknown' });

export function mapOllamaFinishReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason {
  return stopWithToolCalls(fromTable(doneReason), hasToolCalls);
}

/** The finish comes with the `done: true` body; its done_reason may be missing. */
export const ollamaFinish: FinishOf<OllamaChunkContent> = (content, hasToolCalls) => {
  if (!content.done) return undefined;
  const finishReason = mapOllamaFinishReason(content.doneReason, hasToolCalls);
  return content.doneReason ? { finishReason, rawFinishReason: content.doneReason } : { finishReason };
};
