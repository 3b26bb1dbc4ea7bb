import type { FinishReason, StreamEvent, Usage } from '../../core/adapter-contract.ts';
import { toolCallDelta } from './tool-call-delta.ts';
import { type ToolCallFragment, ToolCallIndexTracker } from './tool-call-index-tracker.ts';

export interface ToolCallFragmentDelta extends ToolCallFragment {
  id: string;
  name: string;
  argumentsDelta: string;
  signature?: string | undefined;
}

/** One delta of choice 0 in an OpenAI-style chat stream, read into neutral terms. */
export interface ChoiceDelta {
  reasoning?: string | undefined;
  text?: string | undefined;
  toolCalls: ToolCallFragmentDelta[];
  finishReason?: string | null | undefined;
}

/** One chunk of an OpenAI-style chat stream (OpenAI-compatible providers, Mistral), read into neutral terms. */
export interface FirstChoiceChunk {
  model?: string | undefined;
  /** The deltas of choice 0, in wire order; other choices are left out. */
  deltas: ChoiceDelta[];
  usage?: Usage | undefined;
}

/**
 * Turns chunks into neutral events. Tool-call fragments get their neutral index from a ToolCallIndexTracker.
 * The finish event waits for the end of the stream so that a provider repeating `finish_reason` (or sending
 * it before the usage chunk) still yields exactly one.
 */
export async function* mapFirstChoiceStream<Chunk>(
  chunks: AsyncIterable<Chunk>,
  readChunk: (chunk: Chunk) => FirstChoiceChunk,
  mapFinishReason: (raw: string) => FinishReason,
): AsyncGenerator<StreamEvent> {
  const tracker = new ToolCallIndexTracker();
  let model: string | undefined;
  let rawFinishReason: string | undefined;
  for await (const chunk of chunks) {
    const read = readChunk(chunk);
    if (read.model && read.model !== model) {
      model = read.model;
      yield { type: 'model', model };
    }
    for (const delta of read.deltas) {
      if (delta.reasoning) yield { type: 'reasoning', text: delta.reasoning };
      if (delta.text) yield { type: 'text', text: delta.text };
      for (const call of delta.toolCalls) yield toolCallDelta(tracker.assign(call), call);
      if (delta.finishReason) rawFinishReason = delta.finishReason;
    }
    if (read.usage) yield { type: 'usage', usage: read.usage };
  }
  if (rawFinishReason !== undefined) {
    yield { type: 'finish', finishReason: mapFinishReason(rawFinishReason), rawFinishReason };
  }
}
