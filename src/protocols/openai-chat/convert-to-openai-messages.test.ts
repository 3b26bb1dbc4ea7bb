import { describe, expect, it } from 'vitest';
import { convertToOpenAIMessages } from './convert-to-openai-messages.ts';

const PICTURE = { mediaType: 'image/png', base64: 'iVBORw0KGgo=' } as const;

describe('convertToOpenAIMessages', () => {
  it('maps every neutral role to its OpenAI message', () => {
    expect(
      convertToOpenAIMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"temp":21}' },
        { role: 'assistant', content: 'It is 21 °C.' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'assistant', content: 'It is 21 °C.' },
    ]);
  });

  it('leaves tool_calls out of an assistant message without calls', () => {
    const [message] = convertToOpenAIMessages([{ role: 'assistant', content: 'Hi', toolCalls: [] }]);
    expect(message).toEqual({ role: 'assistant', content: 'Hi' });
    expect(message).not.toHaveProperty('tool_calls');
  });

  it('keeps an empty provider id as sent (Gemini-compat calls have none)', () => {
    const [, toolMessage] = convertToOpenAIMessages([
      { role: 'assistant', content: '', toolCalls: [{ id: '', name: 'f', arguments: 'null' }] },
      { role: 'tool', toolCallId: '', toolName: 'f', content: 'ok' },
    ]);
    expect(toolMessage).toEqual({ role: 'tool', tool_call_id: '', content: 'ok' });
  });

  it('sends a picture as an image_url part holding a data URL, after the text', () => {
    const [message] = convertToOpenAIMessages([{ role: 'user', content: 'What word?', files: [PICTURE] }]);
    expect(message).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What word?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      ],
    });
  });

  it('sends a PDF as a file part holding its name and a data URL', () => {
    const [message] = convertToOpenAIMessages([
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
        { type: 'file', file: { filename: 'note.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      ],
    });
  });

  it("sends a call's thought signature back in extra_content.google, as Google's OpenAI endpoint wants it", () => {
    const [message] = convertToOpenAIMessages([
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'CiQBsig' }],
      },
    ]);
    expect(message).toMatchObject({
      tool_calls: [{ id: 'c1', extra_content: { google: { thought_signature: 'CiQBsig' } } }],
    });
  });
});
