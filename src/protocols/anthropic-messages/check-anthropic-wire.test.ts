import { describe, expect, it } from 'vitest';
import { codes, exchangeFromChunks, sseNamed } from '../shared/test-support/wire-exchange.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import { checkAnthropicWire } from './check-anthropic-wire.ts';

const STREAM: WireCheckContext = { stream: true, toolsOffered: true, usageRequested: true };

type Event = { type: string; [key: string]: unknown };

const messageStart: Event = {
  type: 'message_start',
  message: {
    model: 'claude-haiku-4-5-20251001',
    id: 'msg_01CD3XaZfhNabxRt1SG5ybtK',
    type: 'message',
    role: 'assistant',
    content: [],
    stop_reason: null,
    usage: { input_tokens: 843, output_tokens: 16 },
  },
};
const ping: Event = { type: 'ping' };
const messageStop: Event = { type: 'message_stop' };
const messageDelta = (stop_reason: string): Event => ({
  type: 'message_delta',
  delta: { stop_reason, stop_sequence: null },
  usage: { output_tokens: 28 },
});
const textStart = (index: number): Event => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'text', text: '' },
});
const textDelta = (index: number, text: string): Event => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'text_delta', text },
});
const blockStop = (index: number): Event => ({ type: 'content_block_stop', index });

// anthropic-json-other-tool.1 (AI SDK fixture): one tool_use block, pings in between.
const TOOL_USE: Event[] = [
  messageStart,
  {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'tool_use', id: 'toolu_019Zvehfe1XQWweT1pm7okyt', name: 'weather', input: {} },
  },
  { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
  ping,
  {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'input_json_delta', partial_json: '{"location": "San Francisco' },
  },
  ping,
  { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"}' } },
  blockStop(0),
  ping,
  messageDelta('tool_use'),
  messageStop,
];

const TEXT: Event[] = [
  messageStart,
  textStart(0),
  ping,
  textDelta(0, 'Hello'),
  textDelta(0, '!'),
  blockStop(0),
];
const TEXT_END: Event[] = [messageDelta('end_turn'), messageStop];

function check(body: string, context: WireCheckContext = STREAM) {
  return checkAnthropicWire(exchangeFromChunks([body]), context);
}

describe('checkAnthropicWire (stream)', () => {
  it('stays quiet on clean tool_use and text streams', () => {
    expect(check(sseNamed(TOOL_USE))).toEqual([]);
    expect(check(sseNamed([...TEXT, ...TEXT_END]))).toEqual([]);
  });

  it('fails an overloaded_error event', () => {
    const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const diagnostics = check(sseNamed([...TEXT, error]));
    expect(codes(diagnostics)).toContain('stream-error-event');
    const event = diagnostics.find((d) => d.code === 'stream-error-event');
    expect(event).toMatchObject({ severity: 'failure', evidence: 'overloaded_error' });
    expect(event?.message).toContain('Overloaded');
  });

  it('fails a stream without message_stop', () => {
    const diagnostics = check(sseNamed(TEXT));
    expect(codes(diagnostics)).toEqual(['truncated-stream', 'no-finish-reason']);
    expect(diagnostics[0]?.evidence).toBe(
      'event: content_block_stop\\ndata: {"type":"content_block_stop","index":0}',
    );
  });

  it('fails a stream cut in the middle of an event', () => {
    const body = sseNamed([...TEXT, ...TEXT_END]);
    const diagnostics = check(body.slice(0, body.indexOf('"end_turn"')));
    expect(codes(diagnostics)).toEqual(['truncated-stream', 'no-finish-reason']);
    expect(diagnostics[0]?.message).toContain('middle of an event');
  });

  it('notes a message_stop without its blank line', () => {
    const body = sseNamed([...TEXT, ...TEXT_END]).replace(/\n\n$/, '');
    expect(codes(check(body))).toEqual(['unterminated-event']);
  });

  it('fails events out of order', () => {
    const cases: Array<[Event[], string]> = [
      [[textStart(0), textDelta(0, 'Hi'), blockStop(0), ...TEXT_END], 'starts with content_block_start'],
      [[messageStart, textDelta(0, 'Hi'), ...TEXT_END], 'content block 0, which was never started'],
      [[...TEXT, blockStop(0), ...TEXT_END], 'already stopped'],
      [
        [messageStart, textStart(0), textDelta(0, 'Hi'), ...TEXT_END],
        'message_delta arrived while content block 0',
      ],
      [[...TEXT, ...TEXT_END, textDelta(0, 'late')], 'content_block_delta arrived after message_stop'],
      [[...TEXT, messageStart, ...TEXT_END], 'message_start arrived twice'],
    ];
    for (const [events, message] of cases) {
      const diagnostics = check(sseNamed(events)).filter((d) => d.code === 'bad-event-order');
      expect(diagnostics, message).toHaveLength(1);
      expect(diagnostics[0]?.severity).toBe('failure');
      expect(diagnostics[0]?.message).toContain(message);
    }
  });

  it('allows ping after message_stop, whatever its data', () => {
    expect(check(sseNamed([...TEXT, ...TEXT_END, ping]))).toEqual([]);
    expect(check(`${sseNamed([...TEXT, ...TEXT_END])}event: ping\ndata: {}\n\n`)).toEqual([]);
  });

  it('fails an event whose name disagrees with its type, or that has no name', () => {
    const renamed = sseNamed([...TEXT, ...TEXT_END]).replace('event: message_delta', 'event: message_stop');
    const [mismatch] = check(renamed);
    expect(mismatch?.code).toBe('bad-event-order');
    expect(mismatch?.message).toContain('`event: message_stop` line disagrees');
    const unnamed = sseNamed([...TEXT, ...TEXT_END]).replace('event: content_block_stop\n', '');
    const [noName] = check(unnamed);
    expect(noName?.code).toBe('bad-event-order');
    expect(noName?.message).toContain('skips events without a name');
  });

  it('notes unknown event types once each', () => {
    const unknown: Event = { type: 'content_block_annotation', index: 0 };
    const diagnostics = check(sseNamed([...TEXT, unknown, unknown, ...TEXT_END]));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'unknown-event', severity: 'info' });
  });

  it('flags a tool call written into a text block', () => {
    const events = [
      messageStart,
      textStart(0),
      textDelta(0, '<function=get_weather>'),
      textDelta(0, '{"city": "Tokyo"}</function>'),
      blockStop(0),
      ...TEXT_END,
    ];
    const diagnostics = check(sseNamed(events));
    expect(codes(diagnostics)).toEqual(['tool-call-as-text']);
    expect(diagnostics[0]?.message).toContain('in a text content block instead of a tool_use block');
  });

  it('fails invalid JSON data and notes a stop_reason that contradicts the blocks', () => {
    const body = sseNamed([...TEXT, messageDelta('tool_use'), messageStop]).replace(
      '"text":"!"}}',
      '"text":"!"}',
    );
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['invalid-json-chunk', 'finish-reason-mismatch']);
    expect(diagnostics[0]?.evidence).toBe(
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}',
    );
  });

  it('fails a stream that lacks usage when usage was asked for', () => {
    const start = {
      type: 'message_start',
      message: { id: 'msg_1', type: 'message', role: 'assistant', content: [] },
    };
    const delta = { type: 'message_delta', delta: { stop_reason: 'end_turn' } };
    expect(codes(check(sseNamed([start, delta, messageStop])))).toEqual(['usage-missing']);
  });
});

describe('checkAnthropicWire (non-stream)', () => {
  const context = { ...STREAM, stream: false };
  // anthropic-json-other-tool.1.json (AI SDK fixture), shortened.
  const message = {
    model: 'claude-haiku-4-5-20251001',
    id: 'msg_01T8acYgh1ugip1ifUmT4MCU',
    type: 'message',
    role: 'assistant',
    content: [{ type: 'tool_use', id: 'toolu_01', name: 'weather', input: { location: 'San Francisco' } }],
    stop_reason: 'tool_use',
    usage: { input_tokens: 843, output_tokens: 28 },
  };

  it('stays quiet on a clean message', () => {
    expect(check(JSON.stringify(message), context)).toEqual([]);
  });

  it('fails a body without stop_reason, or that is not JSON', () => {
    expect(codes(check(JSON.stringify({ ...message, stop_reason: null }), context))).toEqual([
      'no-finish-reason',
    ]);
    expect(codes(check('{"type":"mess', context))).toEqual(['invalid-json-chunk']);
  });

  it('flags a tool call in a text block', () => {
    const body = {
      ...message,
      content: [{ type: 'text', text: '<tool_call>{"name": "weather", "arguments": {}}</tool_call>' }],
      stop_reason: 'end_turn',
    };
    expect(codes(check(JSON.stringify(body), context))).toEqual(['tool-call-as-text']);
  });
});
