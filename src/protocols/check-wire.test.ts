import { describe, expect, it } from 'vitest';
import { checkWire } from './check-wire.ts';
import type { Protocol } from './index.ts';
import { codes, exchangeFromChunks, sseData } from './shared/test-support/wire-exchange.ts';

const context = { stream: true, toolsOffered: true, usageRequested: false };
const brokenStream = 'data: {"choices": [{"delta": {"content": "Hi"}}\n\n';

describe('checkWire', () => {
  it('judges only 2xx responses', () => {
    const protocols: Protocol[] = [
      'openai-chat',
      'anthropic-messages',
      'gemini',
      'mistral-chat',
      'ollama-chat',
    ];
    for (const protocol of protocols) {
      expect(checkWire(protocol, exchangeFromChunks([brokenStream], { status: 429 }), context)).toEqual([]);
      expect(
        checkWire(
          protocol,
          exchangeFromChunks([], { status: undefined, transportError: 'ECONNREFUSED' }),
          context,
        ),
      ).toEqual([]);
      expect(checkWire(protocol, exchangeFromChunks([brokenStream]), context).length).toBeGreaterThan(0);
    }
  });

  it('routes each protocol to its own checks', () => {
    const openAiStream = sseData([
      { choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] },
    ]);
    expect(codes(checkWire('openai-chat', exchangeFromChunks([openAiStream]), context))).toEqual([
      'no-done-sentinel',
    ]);
    expect(codes(checkWire('anthropic-messages', exchangeFromChunks([openAiStream]), context))).toContain(
      'bad-event-order',
    );
    expect(codes(checkWire('gemini', exchangeFromChunks([openAiStream]), context))).toEqual([
      'no-finish-reason',
    ]);
    expect(codes(checkWire('ollama-chat', exchangeFromChunks([openAiStream]), context))).toContain(
      'invalid-json-chunk',
    );
  });
});
