import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../core/adapter-contract.ts';
import { CLOCK_TOOL, COUNTRY_SCHEMA, type Expectation, WEATHER_TOOL } from '../scenarios/scenarios.ts';
import { checkExpectation } from './check-expectation.ts';

const result = (overrides: Partial<ChatResult>): ChatResult => ({
  text: '',
  toolCalls: [],
  finishReason: 'stop',
  ...overrides,
});
const codes = (found: { code: string; severity: string }[]) => found.map((d) => `${d.severity}:${d.code}`);
const tools = [WEATHER_TOOL];
const weatherCall = { min: 1, max: 1, names: ['get_weather'] };

describe('checkExpectation', () => {
  it('passes a matching answer and fails a mismatching one with the text as evidence', () => {
    expect(
      checkExpectation({ textMatches: '\\bparis\\b' }, { result: result({ text: 'Paris.' }), tools }),
    ).toEqual([]);
    const [diagnostic] = checkExpectation(
      { textMatches: '\\bparis\\b' },
      { result: result({ text: 'Lyon' }), tools },
    );
    expect(diagnostic).toMatchObject({ code: 'text-mismatch', severity: 'failure', evidence: 'Lyon' });
  });

  it('validates tool call count, name, JSON and schema', () => {
    const ok = result({ toolCalls: [{ id: 'a', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    expect(checkExpectation({ toolCalls: weatherCall }, { result: ok, tools })).toEqual([]);
    expect(
      codes(checkExpectation({ toolCalls: weatherCall }, { result: result({ text: 'hi' }), tools })),
    ).toEqual(['failure:no-tool-call']);
    const bad = result({
      toolCalls: [
        { id: 'a', name: 'get_weather', arguments: '{"town":"Paris"}' },
        { id: 'b', name: 'get_weather', arguments: '{"city":' },
        { id: 'c', name: 'get_time', arguments: '{}' },
      ],
    });
    expect(codes(checkExpectation({ toolCalls: weatherCall }, { result: bad, tools }))).toEqual([
      'failure:too-many-tool-calls',
      'failure:tool-arguments-schema',
      'failure:tool-arguments-not-json',
      'failure:wrong-tool',
    ]);
  });

  it('names a call whose argument is not the value an earlier result gave, missing or other', () => {
    const calling = (args: string) =>
      result({ toolCalls: [{ id: 'a', name: 'get_weather', arguments: args }] });
    const expectation = { argumentsMatch: { city: '^nantes$' } };
    expect(checkExpectation(expectation, { result: calling('{"city":"Nantes"}'), tools })).toEqual([]);
    const [other] = checkExpectation(expectation, { result: calling('{"city":"Paris"}'), tools });
    expect(other).toMatchObject({ code: 'argument-not-from-result', severity: 'failure' });
    expect(other?.message).toContain('city Paris');
    expect(other?.evidence).toBe('{"city":"Paris"}');
    const [missing] = checkExpectation(expectation, { result: calling('{}'), tools });
    expect(missing?.message).toContain('city missing');
    // Arguments that are no JSON object are another check's finding.
    expect(checkExpectation(expectation, { result: calling('{"city":'), tools })).toEqual([]);
  });

  it('tolerates stop after tool calls but not other finish mismatches', () => {
    const calls = [{ id: '', name: 'get_weather', arguments: '{"city":"Tokyo"}' }];
    expect(
      codes(checkExpectation({ finish: 'tool-calls' }, { result: result({ toolCalls: calls }), tools })),
    ).toEqual(['deviation:finish-reason-mismatch']);
    const cut = result({ finishReason: 'length', rawFinishReason: 'max_tokens' });
    const [diagnostic] = checkExpectation({ finish: 'stop' }, { result: cut, tools });
    expect(diagnostic?.message).toBe('expected finish reason stop, got length (max_tokens)');
  });

  describe('a tool forced by name', () => {
    const forced: Expectation = {
      forced: 'get_time',
      toolCalls: { min: 1, max: 1, names: ['get_time'] },
      finish: 'tool-calls',
    };
    const both = [WEATHER_TOOL, CLOCK_TOOL];
    const time = { id: 'a', name: 'get_time', arguments: '{}' };
    const weather = { id: 'b', name: 'get_weather', arguments: '{"city":"Paris"}' };

    it('passes one call to the forced tool', () => {
      const honoured = result({ toolCalls: [time], finishReason: 'tool-calls' });
      expect(checkExpectation(forced, { result: honoured, tools: both })).toEqual([]);
    });

    it('is tool-choice-ignored, alone, when another tool is called instead, the call as evidence', () => {
      const ignored = result({ toolCalls: [weather], finishReason: 'tool-calls' });
      const found = checkExpectation(forced, { result: ignored, tools: both });
      expect(codes(found)).toEqual(['failure:tool-choice-ignored']);
      expect(found[0]?.message).toContain(
        'forced a call to get_time by name, but get_weather was called instead',
      );
      expect(found[0]?.evidence).toBe('get_weather({"city":"Paris"})');
    });

    it('is tool-choice-ignored, alone, when no tool is called, the text as evidence', () => {
      const found = checkExpectation(forced, { result: result({ text: 'It is sunny.' }), tools: both });
      expect(codes(found)).toEqual(['failure:tool-choice-ignored']);
      expect(found[0]).toMatchObject({ evidence: 'It is sunny.' });
      expect(found[0]?.message).toContain('no tool was called');
    });

    it('is tool-choice-ignored when another tool is called beside the forced one', () => {
      const found = checkExpectation(forced, {
        result: result({ toolCalls: [time, weather], finishReason: 'tool-calls' }),
        tools: both,
      });
      expect(codes(found)).toEqual(['failure:tool-choice-ignored']);
      expect(found[0]?.message).toContain('get_weather was called beside it');
    });

    it('tolerates finish stop after the forced call, saying OpenAI answers so', () => {
      const stopped = result({ toolCalls: [time], finishReason: 'stop', rawFinishReason: 'stop' });
      const found = checkExpectation(forced, { result: stopped, tools: both });
      expect(codes(found)).toEqual(['deviation:finish-reason-mismatch']);
      expect(found[0]?.message).toContain('as OpenAI answers a tool forced by name');
    });
  });

  it('names a cut answer reported as finished, and a stop sequence left in the text', () => {
    const stopped = result({ text: 'Old Tom had kept', finishReason: 'stop', rawFinishReason: 'stop' });
    const [cut] = checkExpectation({ finish: 'length' }, { result: stopped, tools });
    expect(cut).toMatchObject({ code: 'length-reported-as-stop', severity: 'failure' });
    expect(cut?.message).toContain('the finish reason was stop (stop)');
    expect(
      codes(checkExpectation({ finish: 'length' }, { result: result({ finishReason: 'other' }), tools })),
    ).toEqual(['failure:finish-reason-mismatch']);
    const honoured = result({ text: 'ONE TWO ' });
    expect(checkExpectation({ stopBefore: 'END' }, { result: honoured, tools })).toEqual([]);
    const [ignored] = checkExpectation(
      { stopBefore: 'END' },
      { result: result({ text: 'ONE TWO END THREE' }), tools },
    );
    expect(ignored).toMatchObject({ code: 'stop-sequence-ignored', evidence: 'ONE TWO END THREE' });
  });

  it('checks JSON answers and names a Markdown fence', () => {
    const json = '{"country":"France","capital":"Paris","population_millions":68.4}';
    expect(checkExpectation({ json: COUNTRY_SCHEMA }, { result: result({ text: json }), tools })).toEqual([]);
    const [fenced] = checkExpectation(
      { json: COUNTRY_SCHEMA },
      { result: result({ text: `\`\`\`json\n${json}\n\`\`\`` }), tools },
    );
    expect(fenced?.message).toMatch(/Markdown code fence/);
    expect(
      codes(checkExpectation({ json: COUNTRY_SCHEMA }, { result: result({ text: '{"country":1}' }), tools })),
    ).toEqual(['failure:json-schema']);
  });

  it('requires usage, text, no tool calls and real streaming when asked', () => {
    const found = checkExpectation(
      { usage: true, text: true, noToolCalls: true, minTextDeltas: 2 },
      {
        result: result({ toolCalls: [{ id: '', name: 'get_weather', arguments: '{}' }] }),
        tools,
        textDeltas: 1,
      },
    );
    expect(codes(found)).toEqual([
      'failure:empty-text',
      'failure:unexpected-tool-call',
      'failure:usage-missing',
      'failure:not-streamed',
    ]);
  });

  it('names a call again to a tool whose result just failed as the one finding, any other call apart', () => {
    const expectation: Expectation = { textMatches: 'unavailable', finish: 'stop', noToolCalls: true };
    const failedTools = new Set(['get_weather']);
    const again = { id: 'b', name: 'get_weather', arguments: '{"city":"Paris"}' };
    const retry = result({ toolCalls: [again], finishReason: 'tool-calls' });
    const found = checkExpectation(expectation, { result: retry, tools, failedTools });
    expect(codes(found)).toEqual(['failure:tool-error-retried']);
    expect(found[0]?.evidence).toBe('get_weather({"city":"Paris"})');
    expect(found[0]?.message).toContain('the get_weather result reported an error');
    const clock = { id: 'c', name: 'get_time', arguments: '{}' };
    const both = result({ toolCalls: [again, clock], finishReason: 'tool-calls' });
    expect(codes(checkExpectation(expectation, { result: both, tools, failedTools }))).toEqual([
      'failure:tool-error-retried',
      'failure:unexpected-tool-call',
    ]);
    // Without a failed result before it, a call is only unexpected.
    expect(codes(checkExpectation(expectation, { result: retry, tools }))).toContain(
      'failure:unexpected-tool-call',
    );
    const answered = result({ text: 'The weather service is unavailable.' });
    expect(checkExpectation(expectation, { result: answered, tools, failedTools })).toEqual([]);
  });

  it('takes thinking text, or reasoning tokens where the text is kept back, as reasoning; names <think> in the text', () => {
    const reasoning = { reasoning: true };
    const check = (overrides: Partial<ChatResult>) =>
      codes(checkExpectation(reasoning, { result: result(overrides), tools }));
    expect(check({ text: '391', reasoning: '17 × 23 = 17 × 20 + 17 × 3' })).toEqual([]);
    expect(check({ text: '391', usage: { outputTokens: 90, reasoningTokens: 64 } })).toEqual([]);
    expect(check({ text: '391', usage: { outputTokens: 5, reasoningTokens: 0 } })).toEqual([
      'failure:reasoning-missing',
    ]);
    expect(check({ text: '<think>17 × 20 is 340</think>\n\n391', reasoning: '' })).toEqual([
      'failure:reasoning-in-content',
    ]);
    // Tags in the text fail even beside a reasoning field: the client would still show them.
    expect(check({ text: '<thought>hmm</thought>391', reasoning: 'hmm' })).toEqual([
      'failure:reasoning-in-content',
    ]);
  });
});
