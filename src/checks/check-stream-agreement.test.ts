import { describe, expect, it } from 'vitest';
import type { Observed } from '../core/case-result.ts';
import { checkStreamAgreement } from './check-stream-agreement.ts';

const call = (name: string, args: Record<string, unknown>) => ({
  id: 'c',
  name,
  arguments: JSON.stringify(args),
  parsed: args,
});
const answer = (fields: Partial<Observed>): Observed => ({
  toolCalls: [call('get_weather', { city: 'Paris' })],
  finish: { reason: 'tool-calls' },
  ...fields,
});

describe('checkStreamAgreement', () => {
  it('accepts the same finish, tools and argument keys, whatever the values', () => {
    const streamed = answer({ toolCalls: [call('get_weather', { city: 'Tokyo' })] });
    expect(checkStreamAgreement(streamed, answer({}), 'tools.single')).toBeUndefined();
  });

  it('names a different finish reason, other tools, or other argument keys', () => {
    const message = (streamed: Observed) =>
      checkStreamAgreement(streamed, answer({}), 'tools.single')?.message;
    expect(message(answer({ finish: { reason: 'stop', raw: 'stop' } }))).toContain(
      'finish stop vs tool-calls',
    );
    expect(message(answer({ toolCalls: [] }))).toContain('tools none vs get_weather');
    expect(message(answer({ toolCalls: [call('get_weather', { town: 'Tokyo' })] }))).toContain(
      'arguments {town} vs {city}',
    );
    const unparsable = { id: 'c', name: 'get_weather', arguments: '{"city":' };
    expect(message(answer({ toolCalls: [unparsable] }))).toContain('arguments unparsable vs {city}');
  });

  it('is a tolerated deviation coded stream-disagrees', () => {
    const found = checkStreamAgreement(answer({ finish: { reason: 'stop' } }), answer({}), 'tools.single');
    expect(found).toMatchObject({ code: 'stream-disagrees', severity: 'deviation' });
  });
});
