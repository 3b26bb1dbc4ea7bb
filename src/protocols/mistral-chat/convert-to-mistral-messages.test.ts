import { describe, expect, it } from 'vitest';
import { convertToMistralMessages } from './convert-to-mistral-messages.ts';

const PICTURE = { mediaType: 'image/png', base64: 'iVBORw0KGgo=' } as const;

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

  it('sends a picture as an image_url chunk holding a data URL', () => {
    const [message] = convertToMistralMessages([{ role: 'user', content: 'What word?', files: [PICTURE] }]);
    expect(message).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What word?' },
        { type: 'image_url', imageUrl: 'data:image/png;base64,iVBORw0KGgo=' },
      ],
    });
  });

  it('sends a PDF as a document_url chunk holding a data URL and its name', () => {
    const [message] = convertToMistralMessages([
      {
        role: 'user',
        content: 'Quote it.',
        files: [{ mediaType: 'application/pdf', base64: 'JVBERi0=', name: 'note.pdf' } as const],
      },
    ]);
    expect(message).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Quote it.' },
        {
          type: 'document_url',
          documentUrl: 'data:application/pdf;base64,JVBERi0=',
          documentName: 'note.pdf',
        },
      ],
    });
  });
});
