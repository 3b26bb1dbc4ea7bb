import type { ChatResponse } from 'ollama';
import type { Usage } from '../../core/adapter-contract.ts';
import type { WholeChunk } from '../shared/map-whole-chunk.ts';

/** What one /api/chat body (a whole response, or one NDJSON line) carries. */
export interface OllamaChunkContent extends WholeChunk {
  done: boolean;
  doneReason?: string;
}

export function readOllamaChunk(chunk: ChatResponse): OllamaChunkContent {
  const message = chunk.message;
  const content: OllamaChunkContent = {
    text: message?.content ?? '',
    reasoning: message?.thinking ?? '',
    // The SDK's types promise a function with a name; a wire that leaves them out must still give strings.
    toolCalls: (message?.tool_calls ?? []).map((call) => ({
      id: idOf(call),
      name: typeof call.function?.name === 'string' ? call.function.name : '',
      arguments: JSON.stringify(call.function?.arguments ?? {}),
    })),
    done: chunk.done === true,
  };
  if (chunk.done_reason) content.doneReason = chunk.done_reason;
  if (chunk.done) {
    const usage: Usage = {};
    if (typeof chunk.prompt_eval_count === 'number') usage.inputTokens = chunk.prompt_eval_count;
    if (typeof chunk.eval_count === 'number') usage.outputTokens = chunk.eval_count;
    if (usage.inputTokens !== undefined || usage.outputTokens !== undefined) content.usage = usage;
  }
  if (chunk.model) content.model = chunk.model;
  return content;
}

/** The documented protocol has no call ids; take one if a newer server sends it. */
function idOf(call: object): string {
  return 'id' in call && typeof call.id === 'string' ? call.id : '';
}
