import { describe, expect, it } from 'vitest';
import { splitContent } from './split-content.ts';

describe('splitContent', () => {
  it('takes a plain string as text', () => {
    expect(splitContent('Hello')).toEqual({ text: 'Hello', reasoning: '' });
  });

  it('reads nothing from null or undefined content', () => {
    expect(splitContent(null)).toEqual({ text: '', reasoning: '' });
    expect(splitContent(undefined)).toEqual({ text: '', reasoning: '' });
    expect(splitContent(42)).toEqual({ text: '', reasoning: '' });
    expect(splitContent([{ type: 'text', text: 7 }, 'x', { type: 'thinking', thinking: 'flat' }])).toEqual({
      text: '',
      reasoning: '',
    });
  });

  it('separates thinking chunks from text chunks', () => {
    expect(
      splitContent([
        {
          type: 'thinking',
          thinking: [
            { type: 'text', text: 'Step 1. ' },
            { type: 'text', text: 'Step 2.' },
          ],
        },
        { type: 'text', text: '4' },
      ]),
    ).toEqual({ text: '4', reasoning: 'Step 1. Step 2.' });
  });
});
