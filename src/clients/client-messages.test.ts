import { describe, expect, it } from 'vitest';
import { readClientLine } from './client-messages.ts';

const line = (value: unknown) => readClientLine(JSON.stringify(value));

describe('readClientLine', () => {
  it('reads a hello, with concurrency 1 when the client names none', () => {
    expect(
      line({
        type: 'hello',
        protocol: 'llmcompat-client/1',
        client: { name: 'mine', version: '2.3.0' },
        protocols: ['openai-chat'],
        future: 'ignored',
      }),
    ).toEqual({
      ok: true,
      message: {
        type: 'hello',
        protocol: 'llmcompat-client/1',
        client: { name: 'mine', version: '2.3.0' },
        protocols: ['openai-chat'],
        concurrency: 1,
      },
    });
  });

  it('reads a result, leaving out the optional fields the client left out', () => {
    expect(
      line({
        type: 'result',
        id: 'c1',
        result: {
          text: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Tokyo"}' }],
          finishReason: 'tool-calls',
          usage: { inputTokens: 12, outputTokens: null },
          model: null,
        },
      }),
    ).toEqual({
      ok: true,
      message: {
        type: 'result',
        id: 'c1',
        result: {
          text: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Tokyo"}' }],
          finishReason: 'tool-calls',
          usage: { inputTokens: 12 },
        },
      },
    });
  });

  it('reads every stream event type, and passes over one it does not know', () => {
    const events = [
      { type: 'text', text: 'Hel' },
      { type: 'reasoning', text: 'hm' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'get_weather', argumentsDelta: '{"ci' },
      { type: 'usage', usage: { outputTokens: 3 } },
      { type: 'model', model: 'gpt-4o' },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' },
    ];
    for (const event of events) {
      expect(line({ type: 'event', id: 'c2', event })).toEqual({
        ok: true,
        message: { type: 'event', id: 'c2', event },
      });
    }
    expect(line({ type: 'event', id: 'c2', event: { type: 'citation', url: 'x' } })).toEqual({
      ok: true,
      message: { type: 'unknown', name: 'event citation' },
    });
    expect(line({ type: 'progress', id: 'c2' })).toEqual({
      ok: true,
      message: { type: 'unknown', name: 'progress' },
    });
  });

  it('names the field that is wrong, with the id when the line had one', () => {
    expect(
      line({ type: 'result', id: 'c3', result: { text: 'x', toolCalls: [], finishReason: 'done' } }),
    ).toEqual({
      ok: false,
      id: 'c3',
      problem:
        'bad result message: result.finishReason must be one of stop, length, tool-calls, content-filter, error, ' +
        'other, unknown, got "done"',
    });
    expect(
      line({
        type: 'result',
        id: 'c3',
        result: { text: '', toolCalls: [{ name: 'f', arguments: { city: 'Paris' } }], finishReason: 'stop' },
      }),
    ).toMatchObject({
      ok: false,
      problem:
        'bad result message: result.toolCalls[0].arguments (JSON text, not an object) must be a string, got {"city":"Paris"}',
    });
    expect(line({ type: 'event', id: 'c4', event: { type: 'tool-call-delta', index: -1 } })).toMatchObject({
      ok: false,
      problem: 'bad event message: event.index must be a whole number ≥ 0, got -1',
    });
    expect(
      line({
        type: 'hello',
        protocol: 'llmcompat-client/1',
        client: { name: 'a', version: '1' },
        protocols: [],
      }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining('hello.protocols must list the wire protocols'),
    });
    expect(line({ type: 'error', error: { message: 'x' } })).toMatchObject({
      ok: false,
      problem: 'bad error message: error.id must be a string, got nothing',
    });
  });

  it('says that a line that is not JSON belongs on stderr', () => {
    expect(readClientLine('debug: sending request')).toEqual({
      ok: false,
      problem:
        'a line on the client\'s stdout is not JSON: "debug: sending request" (write logs to stderr, never stdout)',
    });
  });
});
