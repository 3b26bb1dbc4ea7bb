import { describe, expect, it } from 'vitest';
import { readWireEvents } from './read-wire-events.ts';
import { exchangeFromChunks } from './test-support/wire-exchange.ts';
import { EMPTY_VIEW, type WireFormat, type WireItem } from './wire-event.ts';
import { emptyView } from './wire-view.ts';

/** A format whose reading of a value says what it was given, so the framing can be asserted alone. */
function echoFormat(framing: WireFormat['framing']): WireFormat {
  return {
    framing,
    read: (value, name, whole) => {
      const view = emptyView();
      view.deltas.push({ type: 'text', text: JSON.stringify({ value, name, whole }), choice: 0 });
      return view;
    },
  };
}

function read(chunks: string[], framing: WireFormat['framing'], stream = true): WireItem[] {
  const items: WireItem[] = [];
  readWireEvents(exchangeFromChunks(chunks), echoFormat(framing), stream, (item) => items.push(item));
  return items;
}

describe('readWireEvents', () => {
  it('stamps each SSE event with the chunk that completed it, and keeps its wire text', () => {
    const items = read(['data: {"a":1}\n\nda', 'ta: {"b":2}\n\nev', 'ent: x\ndata: [DONE]\n\n'], 'sse');
    expect(items.map((item) => item.kind === 'event' && [item.t, item.arrival, item.raw, item.name])).toEqual(
      [
        [10, 0, 'data: {"a":1}\n', undefined],
        [20, 1, 'data: {"b":2}\n', undefined],
        [30, 2, 'event: x\ndata: [DONE]\n', 'x'],
      ],
    );
    const [first, , done] = items;
    expect(first).toMatchObject({ data: '{"a":1}', json: { ok: true, value: { a: 1 } } });
    expect(first?.kind === 'event' && first.view.deltas[0]?.text).toBe(
      JSON.stringify({ value: { a: 1 }, whole: false }),
    );
    expect(done).toMatchObject({ json: { ok: false }, view: EMPTY_VIEW });
  });

  it('passes SSE comments through and stamps what only the end of the body completed at the last chunk', () => {
    const items = read([': keep-alive\n\ndata: {"a":1}\n\n', 'data: {"b":2}'], 'sse');
    expect(items[0]).toEqual({ kind: 'comment', t: 10, text: 'keep-alive', raw: ': keep-alive' });
    expect(items[2]).toMatchObject({ kind: 'event', t: 20, arrival: 2, unterminated: true, data: '{"b":2}' });
  });

  it('reads an event whose data is a comment line (`data: : keepalive`) as the keep-alive comment it is', () => {
    const items = read(['data: {"a":1}\r\n\r\ndata: : keepalive\r\n\r\n', 'data: {"b":2}\r\n\r\n'], 'sse');
    expect(items[1]).toEqual({ kind: 'comment', t: 10, text: 'keepalive', raw: 'data: : keepalive' });
    expect(items.map((item) => item.kind === 'event' && item.data)).toEqual(['{"a":1}', false, '{"b":2}']);
  });

  it('ends in a rest item when the last field lines dispatch no event', () => {
    const items = read(['data: {"a":1}\n\n', 'event: message_stop\n'], 'sse');
    expect(items.at(-1)).toEqual({ kind: 'rest', raw: 'event: message_stop\n' });
  });

  it('reads NDJSON lines, an unterminated last line included whether or not it is JSON', () => {
    const items = read(['{"a":1}\n{"b"', ':2}\r\n{"c'], 'ndjson');
    expect(items.map((item) => item.kind === 'event' && [item.arrival, item.raw, item.json.ok])).toEqual([
      [0, '{"a":1}', true],
      [1, '{"b":2}', true],
      [2, '{"c', false],
    ]);
    expect(items[2]).toMatchObject({ unterminated: true });
  });

  it('reads an answer that is not streamed as one whole value at its last byte', () => {
    const items = read(['{"a":', '1}'], 'sse', false);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      t: 20,
      arrival: 2,
      raw: '{"a":1}',
      json: { ok: true, value: { a: 1 } },
    });
    expect(items[0]?.kind === 'event' && items[0].view.deltas[0]?.text).toBe(
      JSON.stringify({ value: { a: 1 }, whole: true }),
    );
  });
});
