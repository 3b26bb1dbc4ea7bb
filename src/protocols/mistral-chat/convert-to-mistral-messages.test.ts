import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/adapter-contract.ts';
import { convertToMistralMessages, MISTRAL_CALL_IDS } from './convert-to-mistral-messages.ts';

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

  it("rewrites another provider's call ids to nine alphanumerics, on the calls and their results alike", () => {
    const foreign = ['call_pQ3vX8nR2mK7tL4wZ9sB1yD6', 'functions.get_weather:0'];
    const sent = convertToMistralMessages(
      foreign.flatMap((id): Message[] => [
        { role: 'assistant', content: '', toolCalls: [{ id, name: 'get_weather', arguments: '{}' }] },
        { role: 'tool', toolCallId: id, toolName: 'get_weather', content: '{}' },
      ]),
    );
    const calls = sent.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.id) : []));
    const results = sent.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : []));
    expect(calls).toHaveLength(2);
    for (const id of calls) expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(new Set(calls).size).toBe(2);
    expect(results).toEqual(calls);
    // The same history gets the same ids: a replayed request matches its recording.
    expect(MISTRAL_CALL_IDS.rewrite(foreign[0] as string, 0)).toBe(calls[0]);
  });

  it("leaves Mistral's own ids as they are", () => {
    expect(MISTRAL_CALL_IDS.accepts('aB3dE6gH9')).toBe(true);
    expect(MISTRAL_CALL_IDS.accepts('aB3dE6gH9x')).toBe(false);
    expect(MISTRAL_CALL_IDS.accepts('aB3d_6gH9')).toBe(false);
  });
});
