import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../scenarios/scenarios.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { checkToolErrorFlags } from './check-tool-error-flags.ts';
import type { Protocol } from './index.ts';
import { codes, exchangeFromChunks } from './shared/test-support/wire-exchange.ts';

const USER = { role: 'user', content: 'What is the weather in Paris right now?' };
const FAILED: FollowUp[] = [{ toolResults: { get_weather: { error: 'Error: down.' } }, expect: {} }];
const SUCCEEDED: FollowUp[] = [{ toolResults: { get_weather: '{"temp":18}' }, expect: {} }];

function exchange(request: object, answer: object): TappedExchange {
  return exchangeFromChunks([JSON.stringify(answer)], {
    request: { method: 'POST', url: 'https://api.test/', headers: {}, body: JSON.stringify(request) },
  });
}

const anthropicCall = {
  type: 'message',
  role: 'assistant',
  content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
  stop_reason: 'tool_use',
};
const anthropicText = { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Sorry.' }] };

/** tools.error-result on the Messages API, the result block as `result` writes it. */
function anthropic(result: object): TappedExchange[] {
  const history = [USER, { role: 'assistant', content: anthropicCall.content }];
  return [
    exchange({ messages: [USER] }, anthropicCall),
    exchange({ messages: [...history, { role: 'user', content: [result] }] }, anthropicText),
  ];
}

const geminiCall = {
  candidates: [
    {
      content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
      finishReason: 'STOP',
    },
  ],
};
const geminiText = { candidates: [{ content: { role: 'model', parts: [{ text: 'Sorry.' }] } }] };

function gemini(response: object): TappedExchange[] {
  const user = { role: 'user', parts: [{ text: USER.content }] };
  const result = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response } }] };
  return [
    exchange({ contents: [user] }, geminiCall),
    exchange({ contents: [user, geminiCall.candidates[0]?.content, result] }, geminiText),
  ];
}

const check = (protocol: Protocol, exchanges: TappedExchange[], rounds = FAILED) =>
  checkToolErrorFlags(protocol, exchanges, false, rounds);

describe('checkToolErrorFlags', () => {
  it("passes an error result that carries the protocol's flag", () => {
    const flagged = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Error: down.', is_error: true };
    expect(check('anthropic-messages', anthropic(flagged))).toEqual([]);
    expect(check('gemini', gemini({ error: 'Error: down.' }))).toEqual([]);
  });

  it('names an error result sent without it, with the result as sent as evidence', () => {
    const bare = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Error: down.' };
    const found = check('anthropic-messages', anthropic(bare));
    expect(codes(found)).toEqual(['tool-error-flag-dropped']);
    expect(found[0]?.severity).toBe('failure');
    expect(found[0]?.message).toContain(
      'request 2 sends the get_weather result, which reports an error, without',
    );
    expect(found[0]?.message).toContain('`is_error: true`');
    expect(found[0]?.evidence).toContain('"content":"Error: down."');
    const unflagged = check('gemini', gemini({ result: 'Error: down.' }));
    expect(codes(unflagged)).toEqual(['tool-error-flag-dropped']);
    expect(unflagged[0]?.message).toContain('an `error` key in its functionResponse.response');
  });

  it('asks nothing of a result that did not fail, nor of a protocol without a flag', () => {
    const bare = { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":18}' };
    expect(check('anthropic-messages', anthropic(bare), SUCCEEDED)).toEqual([]);
    const openAiAnswer = {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const openAi = [
      exchange({ messages: [USER] }, openAiAnswer),
      exchange({ messages: [USER, { role: 'tool', tool_call_id: 'c1', content: 'Error: down.' }] }, {}),
    ];
    expect(check('openai-chat', openAi)).toEqual([]);
  });
});
