import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';

const PICTURE = { mediaType: 'image/png', base64: 'iVBORw0KGgo=' } as const;

describe('convertToAnthropicMessages', () => {
  it('lifts system messages out and keeps user and plain assistant turns', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Bye' },
    ]);
    expect(prompt.system).toEqual(['Be brief.', 'Be kind.']);
    expect(prompt.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Bye' },
    ]);
  });

  it('turns tool calls into tool_use blocks and groups consecutive tool results in one user message', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'toolu_2', name: 'get_time', arguments: '' },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_1', toolName: 'get_weather', content: '{"temp":21}' },
      { role: 'tool', toolCallId: 'toolu_2', toolName: 'get_time', content: '14:00' },
      { role: 'user', content: 'Thanks' },
    ]);
    expect(prompt.messages).toEqual([
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":21}' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '14:00' },
        ],
      },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it("flags a failed tool's result is_error: true, and leaves the flag off the others", () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'tool',
        toolCallId: 'toolu_1',
        toolName: 'get_weather',
        content: 'Error: down.',
        isError: true,
      },
      { role: 'tool', toolCallId: 'toolu_2', toolName: 'get_time', content: '14:00', isError: false },
    ]);
    expect(prompt.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Error: down.', is_error: true },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '14:00' },
        ],
      },
    ]);
  });

  it('keeps the assistant text before its tool calls', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'assistant',
        content: 'Let me check.',
        toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      },
    ]);
    expect(prompt.messages[0]?.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
  });

  it('sends a picture as a base64 image block before the text', () => {
    const { messages } = convertToAnthropicMessages([
      { role: 'user', content: 'What word?', files: [PICTURE] },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'text', text: 'What word?' },
        ],
      },
    ]);
  });

  it('sends a PDF as a base64 document block before the text', () => {
    const { messages } = convertToAnthropicMessages([
      {
        role: 'user',
        content: 'Quote it.',
        files: [{ mediaType: 'application/pdf', base64: 'JVBERi0=', name: 'note.pdf' } as const],
      },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
          { type: 'text', text: 'Quote it.' },
        ],
      },
    ]);
  });

  it('opens a tool turn with its signed thinking block, sent back unaltered', () => {
    const { messages } = convertToAnthropicMessages([
      {
        role: 'assistant',
        content: '',
        reasoning: { text: 'Check the weather first.', signature: 'EqQBsig' },
        toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
    ]);
    expect(messages[0]?.content).toEqual([
      { type: 'thinking', thinking: 'Check the weather first.', signature: 'EqQBsig' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
  });

  it('rewrites a call id outside ^[a-zA-Z0-9_-]+$ on its tool_use and tool_result alike, and keeps the others', () => {
    const { messages } = convertToAnthropicMessages([
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'call_pQ3vX8nR2mK7tL4wZ9sB1yD6', name: 'get_weather', arguments: '{}' },
          { id: 'functions.get_weather:0', name: 'get_weather', arguments: '{}' },
          { id: 'functions_get_weather_0', name: 'get_weather', arguments: '{}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_pQ3vX8nR2mK7tL4wZ9sB1yD6', toolName: 'get_weather', content: '{}' },
      { role: 'tool', toolCallId: 'functions.get_weather:0', toolName: 'get_weather', content: '{}' },
      { role: 'tool', toolCallId: 'functions_get_weather_0', toolName: 'get_weather', content: '{}' },
    ]);
    const blocks = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content));
    const ids = (type: string, field: 'id' | 'tool_use_id') =>
      blocks.filter((b) => b.type === type).map((b) => (b as unknown as Record<string, string>)[field]);
    // The rewrite of the second clashes with the third, which is taken as it is: it gets a suffix.
    const expected = [
      'call_pQ3vX8nR2mK7tL4wZ9sB1yD6',
      'functions_get_weather_0_1',
      'functions_get_weather_0',
    ];
    expect(ids('tool_use', 'id')).toEqual(expected);
    expect(ids('tool_result', 'tool_use_id')).toEqual(expected);
  });
});
