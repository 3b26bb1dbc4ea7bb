import type { ChatResult, FinishReason, StreamEvent, ToolCall, Usage } from '../../core/adapter-contract.ts';
import { chatResult } from './chat-result.ts';
import { toolCallDelta } from './tool-call-delta.ts';

/**
 * What one body of a protocol whose stream chunks are whole responses (Gemini, Ollama) carries, read into
 * neutral terms. Tool calls arrive whole, never in fragments.
 */
export interface WholeChunk {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage?: Usage;
  model?: string;
}

export interface Finish {
  finishReason: FinishReason;
  rawFinishReason?: string;
}

/** The finish a chunk reports, if it reports one; `hasToolCalls` counts the calls of the whole answer. */
export type FinishOf<Content> = (content: Content, hasToolCalls: boolean) => Finish | undefined;

export function wholeChunkToResult<Content extends WholeChunk>(
  content: Content,
  finishOf: FinishOf<Content>,
): ChatResult {
  const finish = finishOf(content, content.toolCalls.length > 0);
  return chatResult({
    text: content.text,
    reasoning: content.reasoning,
    toolCalls: content.toolCalls,
    finishReason: finish?.finishReason ?? 'unknown',
    rawFinishReason: finish?.rawFinishReason,
    usage: content.usage,
    model: content.model,
  });
}

/**
 * Returns a stateful mapper from stream chunks to neutral events: each whole call gets the next index,
 * the model is reported once, and so is the finish. Usage is a running total, so each report supersedes
 * the last.
 */
export function createWholeChunkStreamMapper<Chunk, Content extends WholeChunk>(
  read: (chunk: Chunk) => Content,
  finishOf: FinishOf<Content>,
): (chunk: Chunk) => StreamEvent[] {
  let callCount = 0;
  let modelSent = false;
  let finished = false;

  return (chunk) => {
    const content = read(chunk);
    const events: StreamEvent[] = [];
    if (content.model && !modelSent) {
      modelSent = true;
      events.push({ type: 'model', model: content.model });
    }
    if (content.reasoning) events.push({ type: 'reasoning', text: content.reasoning });
    if (content.text) events.push({ type: 'text', text: content.text });
    for (const call of content.toolCalls) {
      events.push(
        toolCallDelta(callCount++, {
          id: call.id,
          name: call.name,
          argumentsDelta: call.arguments,
          signature: call.signature,
        }),
      );
    }
    if (content.usage) events.push({ type: 'usage', usage: content.usage });
    const finish = finished ? undefined : finishOf(content, callCount > 0);
    if (finish) {
      finished = true;
      events.push({ type: 'finish', ...finish });
    }
    return events;
  };
}
