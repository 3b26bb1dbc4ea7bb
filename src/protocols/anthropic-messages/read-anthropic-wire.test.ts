import { describe, expect, it } from 'vitest';
import { EMPTY_VIEW } from '../shared/wire-event.ts';
import { readAnthropicValue } from './read-anthropic-wire.ts';

const stream = (value: { type?: string } & Record<string, unknown>, name = value.type) =>
  readAnthropicValue(value, name, false);

describe('readAnthropicValue', () => {
  it('reads block starts and deltas with their block index; input JSON continues a call', () => {
    expect(
      stream({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }).deltas,
    ).toEqual([{ type: 'text', text: '', choice: 0, block: 1 }]);
    const start = stream({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    });
    expect(start.toolCalls).toMatchObject([{ choice: 0, index: 2, id: 'toolu_1', name: 'get_weather' }]);
    expect(start.toolCalls[0]?.arguments).toBeUndefined();
    const json = stream({
      type: 'content_block_delta',
      index: 2,
      delta: { type: 'input_json_delta', partial_json: '{"city"' },
    });
    expect(json.toolCalls).toMatchObject([{ index: 2, arguments: '{"city"', continuation: true }]);
    const thinking = stream({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'thinking_delta', thinking: 'hmm' },
    });
    expect(thinking.deltas).toEqual([{ type: 'reasoning', text: 'hmm', choice: 0, block: 0 }]);
  });

  it('marks server tool use, which the client does not run', () => {
    const view = stream({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
    });
    expect(view.toolCalls).toMatchObject([{ server: true, arguments: '{"query":"x"}' }]);
  });

  it('takes no output count from message_start, whose count is a placeholder', () => {
    const view = stream({
      type: 'message_start',
      message: { usage: { input_tokens: 12, output_tokens: 1 } },
    });
    expect(view.usage).toEqual({ inputTokens: 12 });
    const end = stream({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: 9 },
    });
    expect(end.usage).toEqual({ outputTokens: 9 });
    expect(end.finishes).toEqual([{ choice: 0, raw: 'tool_use', reason: 'tool-calls' }]);
  });

  it('counts cached prompt tokens into the input, as the adapter does, and names the cache reads', () => {
    const view = stream({
      type: 'message_start',
      message: {
        usage: {
          input_tokens: 5,
          cache_read_input_tokens: 20,
          cache_creation_input_tokens: 3,
          output_tokens: 1,
        },
      },
    });
    expect(view.usage).toEqual({ inputTokens: 28, cachedTokens: 20 });
  });

  it('drops pings by name whatever their data, and reads data without a type by its event name', () => {
    const delta = { index: 0, delta: { type: 'text_delta', text: 'Hi' } };
    expect(readAnthropicValue({ type: 'content_block_delta', ...delta }, 'ping', false)).toBe(EMPTY_VIEW);
    expect(readAnthropicValue(delta, 'content_block_delta', false).deltas).toEqual([
      { type: 'text', text: 'Hi', choice: 0, block: 0 },
    ]);
  });

  it('reads an error event, and a whole body as a message', () => {
    const error = stream({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(error.error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
    const message = readAnthropicValue(
      {
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 3, output_tokens: 4 },
      },
      undefined,
      true,
    );
    expect(message.deltas).toEqual([{ type: 'text', text: 'Hi', choice: 0, block: 0 }]);
    expect(message.toolCalls).toMatchObject([{ index: 1, id: 'toolu_1', arguments: '{"a":1}' }]);
    expect(message.usage).toEqual({ inputTokens: 3, outputTokens: 4 });
  });
});
