import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/adapter-contract.ts';
import { type CallIdRule, rewriteCallIds } from './rewrite-call-ids.ts';

/** Takes lower-case letters only; a refused id becomes its letters, lower-cased, with `x` per clash. */
const LETTERS: CallIdRule = {
  accepts: (id) => /^[a-z]+$/.test(id),
  rewrite: (id, attempt) => id.toLowerCase().replace(/[^a-z]/g, '') + 'x'.repeat(attempt),
};

const turn = (...ids: string[]): Message[] => [
  {
    role: 'assistant',
    content: '',
    toolCalls: ids.map((id) => ({ id, name: 'get_weather', arguments: '{}' })),
  },
  ...ids.map((id): Message => ({ role: 'tool', toolCallId: id, toolName: 'get_weather', content: '{}' })),
];

const callIds = (messages: Message[]) =>
  messages.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.id) : []));
const resultIds = (messages: Message[]) => messages.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : []));

describe('rewriteCallIds', () => {
  it('returns a history whose every id is taken as it is', () => {
    const history = turn('abc', 'def');
    expect(rewriteCallIds(history, LETTERS)).toBe(history);
  });

  it('rewrites a refused id on its call and on its result alike, leaving the ids taken alone', () => {
    const sent = rewriteCallIds(turn('Call_1', 'abc'), LETTERS);
    expect(callIds(sent)).toEqual(['call', 'abc']);
    expect(resultIds(sent)).toEqual(['call', 'abc']);
  });

  it('keeps distinct ids distinct: a rewrite that clashes with an id of the history or another rewrite moves on', () => {
    const sent = rewriteCallIds(turn('call', 'CALL', 'call_'), LETTERS);
    expect(callIds(sent)).toEqual(['call', 'callx', 'callxx']);
    expect(resultIds(sent)).toEqual(callIds(sent));
  });

  it('gives an id met again in a later turn the id it was given before, and is the same every time', () => {
    const history = [...turn('A:1'), ...turn('B:2'), ...turn('A:1')];
    expect(callIds(rewriteCallIds(history, LETTERS))).toEqual(['a', 'b', 'a']);
    expect(rewriteCallIds(history, LETTERS)).toEqual(rewriteCallIds(history, LETTERS));
  });

  it('leaves an empty id (a call that came without one) as it is, and does not touch the input', () => {
    const history = turn('', 'X');
    const sent = rewriteCallIds(history, LETTERS);
    expect(callIds(sent)).toEqual(['', 'x']);
    expect(callIds(history)).toEqual(['', 'X']);
  });
});
