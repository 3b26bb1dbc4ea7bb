import { describe, expect, it } from 'vitest';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';

describe('convertToGeminiContents', () => {
  it('lifts system text into systemInstruction and keeps a plain user turn one text part', () => {
    expect(
      convertToGeminiContents([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
  });

  it('sends a picture as an inlineData part after the text', () => {
    const { contents } = convertToGeminiContents([
      { role: 'user', content: 'What word?', files: [{ mediaType: 'image/png', base64: 'iVBORw0KGgo=' }] },
    ]);
    expect(contents).toEqual([
      {
        role: 'user',
        parts: [{ text: 'What word?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }],
      },
    ]);
  });

  it('sends a PDF as an inlineData part too, under its media type', () => {
    const { contents } = convertToGeminiContents([
      {
        role: 'user',
        content: 'Quote it.',
        files: [{ mediaType: 'application/pdf', base64: 'JVBERi0=', name: 'note.pdf' } as const],
      },
    ]);
    expect(contents[0]?.parts?.[1]).toEqual({
      inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' },
    });
  });

  it("puts a failed call's details under the response's error key, a good result as its output", () => {
    const { contents } = convertToGeminiContents([
      { role: 'tool', toolCallId: '', toolName: 'get_weather', content: 'Error: down.', isError: true },
      { role: 'tool', toolCallId: 'c2', toolName: 'get_office', content: '{"code":503}', isError: true },
      { role: 'tool', toolCallId: '', toolName: 'get_time', content: '14:00' },
    ]);
    expect(contents).toEqual([
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { error: 'Error: down.' } } },
          { functionResponse: { id: 'c2', name: 'get_office', response: { error: { code: 503 } } } },
          { functionResponse: { name: 'get_time', response: { result: '14:00' } } },
        ],
      },
    ]);
  });

  it("sends a call's thought signature back on its functionCall part", () => {
    const { contents } = convertToGeminiContents([
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'CiQBsig' }],
      },
    ]);
    expect(contents[0]?.parts?.[0]).toEqual({
      functionCall: { id: 'c1', name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: 'CiQBsig',
    });
  });
});
