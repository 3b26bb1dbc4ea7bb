import { describe, expect, it } from 'vitest';
import {
  createWholeChunkStreamMapper,
  type FinishOf,
  type WholeChunk,
  wholeChunkToResult,
} from './map-whole-chunk.ts';

interface TestChunk extends WholeChunk {
  done?: string;
}

const chunk = (parts: Partial<TestChunk>): TestChunk => ({
  text: '',
  reasoning: '',
  toolCalls: [],
  ...parts,
});

const finishOf: FinishOf<TestChunk> = (content, hasToolCalls) =>
  content.done === undefined
    ? undefined
    : { finishReason: hasToolCalls ? 'tool-calls' : 'stop', rawFinishReason: content.done };

describe('createWholeChunkStreamMapper', () => {
  it('numbers whole calls across chunks and reports the model and the finish once', () => {
    const map = createWholeChunkStreamMapper((content: TestChunk) => content, finishOf);
    const call = (name: string) => ({ id: '', name, arguments: '{}' });
    expect(map(chunk({ model: 'm', reasoning: 'Hm.', toolCalls: [call('a'), call('b')] }))).toEqual([
      { type: 'model', model: 'm' },
      { type: 'reasoning', text: 'Hm.' },
      { type: 'tool-call-delta', index: 0, name: 'a', argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 1, name: 'b', argumentsDelta: '{}' },
    ]);
    expect(map(chunk({ model: 'm', toolCalls: [{ id: 'c-3', name: 'c', arguments: '{"x":1}' }] }))).toEqual([
      { type: 'tool-call-delta', index: 2, id: 'c-3', name: 'c', argumentsDelta: '{"x":1}' },
    ]);
    expect(map(chunk({ text: 'ok', usage: { outputTokens: 4 }, done: 'DONE' }))).toEqual([
      { type: 'text', text: 'ok' },
      { type: 'usage', usage: { outputTokens: 4 } },
      { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'DONE' },
    ]);
    expect(map(chunk({ done: 'DONE' }))).toEqual([]);
  });
});

describe('wholeChunkToResult', () => {
  it('maps a whole body, its finish judged by its own calls', () => {
    expect(wholeChunkToResult(chunk({ text: 'Paris.', model: 'm', done: 'DONE' }), finishOf)).toEqual({
      text: 'Paris.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'DONE',
      model: 'm',
    });
  });

  it('is unknown when the body reports no finish', () => {
    expect(wholeChunkToResult(chunk({ text: 'Par' }), finishOf)).toEqual({
      text: 'Par',
      toolCalls: [],
      finishReason: 'unknown',
    });
  });
});
