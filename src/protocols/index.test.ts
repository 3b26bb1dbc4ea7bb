import { describe, expect, it } from 'vitest';
import { errorBodyFor, PROTOCOL_DEFINITIONS, PROTOCOLS } from './index.ts';

describe('the protocol registry', () => {
  it('defines every protocol name, in the names’ order', () => {
    expect(Object.keys(PROTOCOL_DEFINITIONS)).toEqual([...PROTOCOLS]);
  });

  it('creates each adapter under its protocol name, before any request', () => {
    for (const protocol of PROTOCOLS) {
      const adapter = PROTOCOL_DEFINITIONS[protocol].adapter({
        baseUrl: 'http://127.0.0.1:9',
        apiKey: 'k',
        fetch: () => Promise.reject(new Error('no request expected')),
      });
      expect(adapter.protocol).toBe(protocol);
    }
  });

  it('writes an error body in the shape each SDK reads its message from', () => {
    const body = (protocol: string | undefined) =>
      JSON.parse(errorBodyFor(protocol, 'bad', 'No.', { at: 1 }));
    expect(body('anthropic-messages')).toEqual({
      type: 'error',
      error: { message: 'No.', type: 'bad', at: 1 },
    });
    expect(body('ollama-chat')).toEqual({ error: 'No.', at: 1 });
    for (const protocol of ['openai-chat', 'gemini', 'mistral-chat', 'my-own', undefined]) {
      expect(body(protocol)).toEqual({ error: { message: 'No.', type: 'bad', at: 1 } });
    }
  });
});
