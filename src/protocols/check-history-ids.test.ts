import { describe, expect, it } from 'vitest';
import type { Message } from '../core/adapter-contract.ts';
import { checkHistoryIds } from './check-history-ids.ts';
import { codes, exchangeFromChunks } from './shared/test-support/wire-exchange.ts';

const FOREIGN = ['call_pQ3vX8nR2mK7tL4wZ9sB1yD6', 'functions.get_weather:0'];

const HISTORY: Message[] = [
  { role: 'user', content: 'Weather in Paris and Tokyo?' },
  {
    role: 'assistant',
    content: '',
    toolCalls: FOREIGN.map((id) => ({ id, name: 'get_weather', arguments: '{}' })),
  },
  ...FOREIGN.map((id): Message => ({ role: 'tool', toolCallId: id, toolName: 'get_weather', content: '{}' })),
];

/** The request an OpenAI-style adapter sent: the history with these call ids and these result ids. */
function sent(calls: string[], results: string[]) {
  const body = {
    messages: [
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: calls.map((id) => ({
          id,
          type: 'function',
          function: { name: 'get_weather', arguments: '{}' },
        })),
      },
      ...results.map((id) => ({ role: 'tool', tool_call_id: id, content: '{}' })),
    ],
  };
  return exchangeFromChunks(['{}'], {
    request: {
      method: 'POST',
      url: 'https://api.test/v1/chat/completions',
      headers: {},
      body: JSON.stringify(body),
    },
  });
}

describe('checkHistoryIds', () => {
  it('finds nothing when the ids went as the history has them', () => {
    expect(checkHistoryIds('openai-chat', HISTORY, sent(FOREIGN, FOREIGN))).toEqual([]);
  });

  it('lists ids rewritten alike on the calls and the results as history-ids-rewritten, a deviation', () => {
    const found = checkHistoryIds(
      'mistral-chat',
      HISTORY,
      sent(['aaaaaaaaa', 'bbbbbbbbb'], ['aaaaaaaaa', 'bbbbbbbbb']),
    );
    expect(codes(found)).toEqual(['history-ids-rewritten']);
    expect(found[0]?.severity).toBe('deviation');
    expect(found[0]?.message).toContain('call ids were rewritten (2 of 2)');
    expect(found[0]?.evidence).toBe(
      '"call_pQ3vX8nR2mK7tL4wZ9sB1yD6" → "aaaaaaaaa", "functions.get_weather:0" → "bbbbbbbbb"',
    );
  });

  it('fails a rewrite that leaves a result without its call, or gives two calls one id', () => {
    for (const [calls, results] of [
      [['aaaaaaaaa', 'bbbbbbbbb'], FOREIGN],
      [
        ['aaaaaaaaa', 'aaaaaaaaa'],
        ['aaaaaaaaa', 'aaaaaaaaa'],
      ],
    ] as const) {
      const found = checkHistoryIds('mistral-chat', HISTORY, sent([...calls], [...results]));
      expect(codes(found)).toEqual(['tool-result-id-mismatch']);
      expect(found[0]?.severity).toBe('failure');
    }
  });

  it('has nothing to compare for a protocol without ids, a history without calls, or no request', () => {
    const rewritten = sent(['aaaaaaaaa', 'bbbbbbbbb'], ['aaaaaaaaa', 'bbbbbbbbb']);
    expect(checkHistoryIds('ollama-chat', HISTORY, rewritten)).toEqual([]);
    expect(checkHistoryIds('mistral-chat', [{ role: 'user', content: 'Hi' }], rewritten)).toEqual([]);
    expect(checkHistoryIds('mistral-chat', HISTORY, undefined)).toEqual([]);
  });
});
