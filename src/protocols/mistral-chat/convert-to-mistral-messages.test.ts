import { describe, expect, it } from 'vitest';
import { convertToMistralMessages } from './convert-to-mistral-messages.ts';

describe('convertToMistralMessages', () => {
  it('maps every neutral role, naming the tool on its result', () => {
    expect(
      convertToMistralMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'aB3dE6gH9', name: 'weather', arguments: '{}' }],
        },
        { role: 'tool', toolCallId: 'aB3dE6gH9', toolName: 'weather', content: 'sunny' },
        { role: 'assistant', content: 'Sunny.' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'aB3dE6gH9', type: 'function', function: { name: 'weather', arguments: '{}' } }],
      },
      { role: 'tool', toolCallId: 'aB3dE6gH9', name: 'weather', content: 'sunny' },
      { role: 'assistant', content: 'Sunny.' },
    ]);
  });

  it('leaves toolCalls out of an assistant message without calls', () => {
    expect(convertToMistralMessages([{ role: 'assistant', content: 'Hi', toolCalls: [] }])).toEqual([
      { role: 'assistant', content: 'Hi' },
    ]);
  });
});
