import { describe, expect, it } from 'vitest';
import { splitMistralContent } from './mistral-content.ts';

describe('splitMistralContent', () => {
  it('takes a plain string as text', () => {
    expect(splitMistralContent('Hello')).toEqual({ text: 'Hello', reasoning: '' });
  });

  it('reads nothing from null or undefined content', () => {
    expect(splitMistralContent(null)).toEqual({ text: '', reasoning: '' });
    expect(splitMistralContent(undefined)).toEqual({ text: '', reasoning: '' });
  });

  it('separates thinking chunks from text chunks', () => {
    expect(
      splitMistralContent([
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
