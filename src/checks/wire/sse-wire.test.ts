import { describe, expect, it } from 'vitest';
import { createDiagnosticList } from './diagnostic-list.ts';
import { parseStreamBody } from './sse-wire.ts';
import { exchangeFromChunks } from './test-support.ts';

describe('parseStreamBody: comment lines', () => {
  it('counts a million keep-alive lines into one note', () => {
    const text = `${':\n'.repeat(1_000_000)}data: {}\n\n`;
    const list = createDiagnosticList();
    const parsed = parseStreamBody(text, exchangeFromChunks([text]), list);
    expect(parsed?.events).toHaveLength(1);
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
    parseStreamBody(text, exchangeFromChunks([text]), list);
    expect(list.items).toHaveLength(11);
    expect(list.items[0]?.message).toBe(
      'the stream carried 2 SSE comment lines (keep-alives); SSE clients must ignore them',
    );
    expect(list.items[10]?.message).toBe(
      'the stream carried 4 more SSE comment line(s) with other texts; SSE clients must ignore them',
    );
  });
});
