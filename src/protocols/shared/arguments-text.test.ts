import { describe, expect, it } from 'vitest';
import { toArgumentsText } from './arguments-text.ts';

describe('toArgumentsText', () => {
  it.each(['{"city":"Paris"}', 'null', '{"city":', ''])('keeps the text %j as sent', (text) => {
    expect(toArgumentsText(text)).toBe(text);
  });

  it('serialises an object', () => {
    expect(toArgumentsText({ city: 'Paris', n: 2 })).toBe('{"city":"Paris","n":2}');
  });

  it.each([undefined, null])('gives an empty string for %s', (value) => {
    expect(toArgumentsText(value)).toBe('');
  });
});
