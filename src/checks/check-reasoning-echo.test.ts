import { describe, expect, it } from 'vitest';
import type { TappedExchange } from '../wire/tap.ts';
import { checkReasoningEcho, signaturesIn } from './check-reasoning-echo.ts';

const exchange = (responseBody: string, requestBody = '{}'): TappedExchange => ({
  request: { method: 'POST', url: 'https://example.test/v1', headers: {}, body: requestBody },
  status: 200,
  chunks: [{ t: 1, text: responseBody }],
  complete: true,
});

describe('signaturesIn', () => {
  it('finds every protocol field that carries reasoning state, spaced or not, and skips empty ones', () => {
    const found = signaturesIn(
      '{"type":"thinking","signature":""}{"delta":{"type":"signature_delta","signature":"EqQB"}}' +
        '{"thoughtSignature": "CiQB"}{"extra_content":{"google":{"thought_signature":"Cw=="}}}',
    );
    expect([...found]).toEqual([
      ['EqQB', 'signature'],
      ['CiQB', 'thoughtSignature'],
      ['Cw==', 'thought_signature'],
    ]);
  });
});

describe('checkReasoningEcho', () => {
  const answer = exchange('{"parts":[{"functionCall":{"name":"get_weather"},"thoughtSignature":"CiQBsig"}]}');

  it('passes when the next request sends each signature back, and when the answer carried none', () => {
    expect(checkReasoningEcho(answer, exchange('', '{"parts":[{"thoughtSignature":"CiQBsig"}]}'))).toEqual(
      [],
    );
    expect(checkReasoningEcho(exchange('{"text":"hi"}'), exchange('', '{}'))).toEqual([]);
  });

  it('names a signature that did not go back, with the field and the signature as evidence', () => {
    const [found, ...rest] = checkReasoningEcho(answer, exchange('', '{"parts":[{"functionCall":{}}]}'));
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      code: 'reasoning-state-dropped',
      severity: 'failure',
      evidence: 'CiQBsig',
    });
    expect(found?.message).toContain(
      '1 of the 1 reasoning signature(s) the answer carried (`thoughtSignature`)',
    );
  });
});
