import { describe, expect, it } from 'vitest';
import { OPENAI_CHAT_WIRE } from '../openai-chat/read-openai-chat-wire.ts';
import { createDiagnosticList } from './diagnostic-list.ts';
import { readSseBody } from './read-sse-body.ts';
import { exchangeFromChunks } from './test-support/wire-exchange.ts';

describe('readSseBody: comment lines', () => {
  it('counts a million keep-alive lines into one note', () => {
    const text = `${':\n'.repeat(1_000_000)}data: {}\n\n`;
    const list = createDiagnosticList();
    const events: unknown[] = [];
    readSseBody(exchangeFromChunks([text]), OPENAI_CHAT_WIRE, list, (event) => events.push(event));
    expect(events).toHaveLength(1);
    expect(list.items).toEqual([
      {
        code: 'sse-comment',
        severity: 'info',
        message: 'the stream carried 1000000 SSE comment lines (keep-alives); SSE clients must ignore them',
        evidence: ':',
      },
    ]);
  });

  it('notes ten distinct comment texts one by one, and counts the others together', () => {
    const text = `${Array.from({ length: 12 }, (_, i) => `: ping ${i}\n: ping ${i}\n`).join('')}data: {}\n\n`;
    const list = createDiagnosticList();
    readSseBody(exchangeFromChunks([text]), OPENAI_CHAT_WIRE, list, () => {});
    expect(list.items).toHaveLength(11);
    expect(list.items[0]?.message).toBe(
      'the stream carried 2 SSE comment lines (keep-alives); SSE clients must ignore them',
    );
    expect(list.items[10]?.message).toBe(
      'the stream carried 4 more SSE comment line(s) with other texts; SSE clients must ignore them',
    );
  });
});
