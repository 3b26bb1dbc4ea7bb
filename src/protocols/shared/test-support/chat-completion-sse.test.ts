import { describe, expect, it } from 'vitest';
import { chunkEventWriter, chunksToSse, DONE_EVENT } from './chat-completion-sse.ts';

describe('chunksToSse', () => {
  it('frames each non-blank line as a data event and ends with [DONE] unless told not to', () => {
    expect(chunksToSse('{"a":1}\n\n{"b":2}\n')).toBe(`data: {"a":1}\n\ndata: {"b":2}\n\n${DONE_EVENT}`);
    expect(chunksToSse('{"a":1}', false)).toBe('data: {"a":1}\n\n');
  });
});

describe('chunkEventWriter', () => {
  it('writes a chat.completion.chunk event from the model, with choices and extra fields', () => {
    const event = chunkEventWriter('m-1')([{ index: 0, delta: { content: 'Hi' } }], { usage: null });
    expect(event.startsWith('data: ')).toBe(true);
    expect(event.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(event.slice('data: '.length))).toEqual({
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm-1',
      choices: [{ index: 0, delta: { content: 'Hi' } }],
      usage: null,
    });
  });
});
