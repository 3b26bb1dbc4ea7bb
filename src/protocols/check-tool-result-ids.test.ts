import { describe, expect, it } from 'vitest';
import type { TappedExchange } from '../wire/tap.ts';
import { checkToolResultIds } from './check-tool-result-ids.ts';
import { codes, exchangeFromChunks, sseNamed } from './shared/test-support/wire-exchange.ts';

const USER = { role: 'user', content: "What is the weather where ACME's head office is?" };

/** An OpenAI exchange: the request's messages, and a whole answer calling `calls` (name → id). */
function openAi(messages: object[], calls: Record<string, string>): TappedExchange {
  const toolCalls = Object.entries(calls).map(([name, id]) => ({
    id,
    type: 'function',
    function: { name, arguments: '{}' },
  }));
  const message =
    toolCalls.length > 0
      ? { role: 'assistant', content: null, tool_calls: toolCalls }
      : { role: 'assistant', content: 'It is 14 °C.' };
  const answer = {
    choices: [{ index: 0, message, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
  };
  return exchangeFromChunks([JSON.stringify(answer)], {
    request: {
      method: 'POST',
      url: 'https://api.test/v1/chat/completions',
      headers: {},
      body: JSON.stringify({ messages }),
    },
  });
}

const openAiResult = (id: string) => ({ role: 'tool', tool_call_id: id, content: '{}' });
const openAiCall = (id: string, name: string) => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id, type: 'function', function: { name, arguments: '{}' } }],
});

/** Three exchanges of tools.sequential, the third request answering `secondResultId`. */
function openAiChain(secondResultId: string): TappedExchange[] {
  const afterFirst = [USER, openAiCall('call_a', 'get_office_city'), openAiResult('call_a')];
  return [
    openAi([USER], { get_office_city: 'call_a' }),
    openAi(afterFirst, { get_weather: 'call_b' }),
    openAi([...afterFirst, openAiCall('call_b', 'get_weather'), openAiResult(secondResultId)], {}),
  ];
}

describe('checkToolResultIds', () => {
  it('passes a history whose every new result answers a call of the answer before it', () => {
    expect(checkToolResultIds('openai-chat', openAiChain('call_b'), false)).toEqual([]);
  });

  it('names a result that answers a call of an earlier turn, or of none, with the request as evidence', () => {
    for (const stray of ['call_a', 'call_zzz', '']) {
      const found = checkToolResultIds('openai-chat', openAiChain(stray), false);
      expect(codes(found)).toEqual(['tool-result-id-mismatch']);
      expect(found[0]?.severity).toBe('failure');
      expect(found[0]?.message).toContain(`request 3 sends a tool result for ${JSON.stringify(stray)}`);
      expect(found[0]?.message).toContain('answer 2 made ("call_b")');
      expect(found[0]?.evidence).toContain('"tool_call_id"');
    }
  });

  it('reads the ids of a streamed answer and of Anthropic tool_result blocks', () => {
    const stream = sseNamed([
      { type: 'message_start', message: { id: 'msg_1', role: 'assistant', content: [] } } as { type: string },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_office_city', input: {} },
      } as { type: string },
      { type: 'content_block_stop', index: 0 } as { type: string },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' } } as { type: string },
      { type: 'message_stop' },
    ]);
    const request = (id: string) => ({
      method: 'POST',
      url: 'https://api.test/v1/messages',
      headers: {},
      body: JSON.stringify({
        messages: [
          USER,
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: '{}' }] },
        ],
      }),
    });
    const first = exchangeFromChunks([stream], {
      request: { ...request('x'), body: JSON.stringify({ messages: [USER] }) },
    });
    const next = (id: string) => exchangeFromChunks([stream], { request: request(id) });
    expect(checkToolResultIds('anthropic-messages', [first, next('toolu_1')], true)).toEqual([]);
    expect(codes(checkToolResultIds('anthropic-messages', [first, next('toolu_2')], true))).toEqual([
      'tool-result-id-mismatch',
    ]);
  });

  it('has nothing to compare where the calls came without ids, or the protocol has none', () => {
    const idless = openAiChain('call_b');
    idless[1] = openAi(JSON.parse(idless[1]?.request.body ?? '{}').messages, { get_weather: '' });
    const chain = [idless[0], idless[1], openAi([USER, openAiResult('made_up')], {})] as TappedExchange[];
    expect(checkToolResultIds('openai-chat', chain, false)).toEqual([]);
    expect(checkToolResultIds('ollama-chat', openAiChain('call_zzz'), false)).toEqual([]);
  });
});
