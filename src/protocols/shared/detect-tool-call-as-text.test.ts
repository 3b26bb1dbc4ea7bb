import { describe, expect, it } from 'vitest';
import { detectToolCallAsText } from './detect-tool-call-as-text.ts';

describe('detectToolCallAsText', () => {
  it('recognises the Llama <|python_tag|> prefix Together streams tool calls with', () => {
    const found = detectToolCallAsText(
      '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Tokyo"}}',
    );
    expect(found?.shape).toBe('<|python_tag|>');
    expect(found?.evidence).toContain('get_weather');
  });

  it('recognises {"type":"function","name":…} JSON (Together, Fireworks)', () => {
    // Together llama-3.3-70B, llama-stack recording 33b71fb85bfb, content joined.
    const content = '{"type": "function", "name": "get_weather", "parameters": {"city": "Tokyo"}}';
    expect(detectToolCallAsText(content)).toEqual({
      shape: 'JSON {"type":"function","name":…}',
      evidence: content,
    });
  });

  it('recognises {"name":…,"parameters"|"arguments":…} JSON, also repeated and inside prose or a fence', () => {
    const fireworks =
      '{"name": "get_event", "parameters": {"date": {"date": "March 3rd"}}}assistant\n\n{"name": "get_event", "parameters": {}}';
    expect(detectToolCallAsText(fireworks)).toEqual({
      shape: 'JSON {"name":…,"parameters":…}',
      evidence: '{"name": "get_event", "parameters": {"date": {"date": "March 3rd"}}}',
    });
    const fenced =
      'I will call the tool.\n```json\n{"name": "get_time", "arguments": "{\\"timezone\\":\\"UTC\\"}"}\n```';
    expect(detectToolCallAsText(fenced)?.shape).toBe('JSON {"name":…,"arguments":…}');
    const wrapped =
      '{"tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}';
    expect(detectToolCallAsText(wrapped)?.evidence).toBe(
      '{"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}',
    );
  });

  it('recognises malformed call-shaped JSON (Ollama llama3.2, recording 37e10e6a)', () => {
    const found = detectToolCallAsText('{"name":"get_time","parameters>{"timezone":"UTC"}}');
    expect(found?.shape).toBe('JSON-like {"name":…,"parameters":…} (not valid JSON)');
    expect(found?.evidence).toBe('{"name":"get_time","parameters>{"timezone":"UTC"}}');
    expect(
      detectToolCallAsText('{"type": "function", "name": "get_weather", "parameters": {"city": "Tok')?.shape,
    ).toBe('JSON-like {"type":"function","name":…} (not valid JSON)');
  });

  it('recognises <function=name>{…}</function>', () => {
    const found = detectToolCallAsText('<function=get_weather>{"city": "Tokyo"}</function>');
    expect(found).toEqual({
      shape: '<function=…>',
      evidence: '<function=get_weather>{"city": "Tokyo"}</function>',
    });
  });

  it('recognises <tool_call>…</tool_call>, [TOOL_CALLS] and pythonic calls', () => {
    const hermes =
      'Sure.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Tokyo"}}\n</tool_call>';
    expect(detectToolCallAsText(hermes)?.shape).toBe('<tool_call>');
    expect(detectToolCallAsText(hermes)?.evidence.startsWith('<tool_call>')).toBe(true);
    expect(detectToolCallAsText('[TOOL_CALLS][{"name": "get_weather", "arguments": {}}]')?.shape).toBe(
      '[TOOL_CALLS]',
    );
    expect(detectToolCallAsText('[get_weather(city="Tokyo"), get_time()]')?.shape).toBe(
      '[name(arg=…)] (pythonic)',
    );
  });

  it('does not match prose or JSON answers that are not call-shaped', () => {
    for (const text of [
      '',
      'The weather in Tokyo is 21°C and sunny.',
      'To call a tool, the model emits a name and parameters; see [the docs](https://example.com).',
      '{"name": "Alice", "age": 30}',
      '{"city": "Tokyo", "temperature": 21, "unit": "celsius"}',
      '{"name": "Debate", "arguments": ["for", "against"]}',
      '{"name": "Ada Lovelace", "parameters": {"born": 1815}}',
      '[1, 2, 3]',
      '[see above (in the intro)]',
      'Use the <tool_call> tag when you write prompts for Hermes.',
      '```python\nprint(get_weather(city="Tokyo"))\n```',
      '{"type": "object", "properties": {"name": {"type": "string"}}}',
    ]) {
      expect(detectToolCallAsText(text), text).toBeUndefined();
    }
  });
});
