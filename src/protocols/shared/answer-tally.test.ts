import { describe, expect, it } from 'vitest';
import { AnswerTally } from './answer-tally.ts';
import type { WireView } from './wire-event.ts';
import { emptyView } from './wire-view.ts';

function view(fill: Partial<WireView>): WireView {
  return { ...emptyView(), ...fill };
}

describe('AnswerTally', () => {
  it('keeps text by choice and content block, in the order they began, and ignores reasoning', () => {
    const answer = new AnswerTally();
    answer.add(view({ deltas: [{ type: 'text', text: 'a', choice: 0, block: 1 }] }));
    answer.add(view({ deltas: [{ type: 'text', text: 'b', choice: 0, block: 0 }] }));
    answer.add(view({ deltas: [{ type: 'reasoning', text: 'hmm', choice: 0, block: 1 }] }));
    answer.add(view({ deltas: [{ type: 'text', text: 'c', choice: 0, block: 1 }] }));
    answer.add(view({ deltas: [{ type: 'text', text: 'x', choice: 2 }] }));
    expect([...answer.choice(0).texts]).toEqual([
      [1, 'ac'],
      [0, 'b'],
    ]);
    expect([...answer.choices.keys()]).toEqual([0, 2]);
  });

  it('counts the calls a client has to run: not argument continuations, not server tools', () => {
    const answer = new AnswerTally();
    answer.add(
      view({
        toolCalls: [
          { choice: 0, id: 'toolu_1', name: 'f', source: {} },
          { choice: 0, arguments: '{}', continuation: true, source: {} },
          { choice: 0, name: 'web_search', server: true, source: {} },
          { choice: 1, arguments: '{"a"', source: {} },
        ],
      }),
    );
    expect(answer.choice(0).toolCalls).toBe(1);
    expect(answer.choice(1).toolCalls).toBe(1);
  });

  it('keeps the last finish of each choice; a blocked prompt is a finish; any usage object counts', () => {
    const answer = new AnswerTally();
    expect(answer.finished).toBe(false);
    answer.add(view({ finishes: [{ choice: 0, raw: 'length', reason: 'length' }] }));
    answer.add(view({ finishes: [{ choice: 0, raw: 'stop', reason: 'stop' }], usage: {} }));
    expect(answer.choice(0).finish?.raw).toBe('stop');
    expect(answer).toMatchObject({ finished: true, usage: true });
    const blocked = new AnswerTally();
    blocked.add(view({ finishes: [{ choice: 0, raw: 'SAFETY', reason: 'content-filter', blocked: true }] }));
    expect(blocked.finished).toBe(true);
  });
});
