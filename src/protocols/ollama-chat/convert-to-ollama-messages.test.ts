import { describe, expect, it } from 'vitest';
import { convertToOllamaMessages } from './convert-to-ollama-messages.ts';

describe('convertToOllamaMessages', () => {
  it('sends pictures as the images list of base64 strings, the text unchanged', () => {
    const [message] = convertToOllamaMessages([
      { role: 'user', content: 'What word?', files: [{ mediaType: 'image/png', base64: 'iVBORw0KGgo=' }] },
    ]);
    expect(message).toEqual({ role: 'user', content: 'What word?', images: ['iVBORw0KGgo='] });
  });

  it('names the tool on a result, the native API matching results to calls by name', () => {
    const [message] = convertToOllamaMessages([
      { role: 'tool', toolCallId: '', toolName: 'get_weather', content: '{"temp":21}' },
    ]);
    expect(message).toEqual({ role: 'tool', content: '{"temp":21}', tool_name: 'get_weather' });
  });

  it('leaves a PDF out, the chat API having no field for one, and keeps the pictures', () => {
    const [message] = convertToOllamaMessages([
      {
        role: 'user',
        content: 'Quote it.',
        files: [
          { mediaType: 'application/pdf', base64: 'JVBERi0=', name: 'note.pdf' } as const,
          { mediaType: 'image/png', base64: 'iVBORw0KGgo=' },
        ],
      },
    ]);
    expect(message).toEqual({ role: 'user', content: 'Quote it.', images: ['iVBORw0KGgo='] });
  });
});
