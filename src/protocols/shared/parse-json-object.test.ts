import { describe, expect, it } from 'vitest';
import { parseJsonObject } from './parse-json-object.ts';

describe('parseJsonObject', () => {
  it('parses a JSON object', () => {
    expect(parseJsonObject('{"city":"Paris","n":2}')).toEqual({ city: 'Paris', n: 2 });
  });

  it('gives undefined for empty, non-object or malformed text', () => {
    expect(parseJsonObject('')).toBeUndefined();
    expect(parseJsonObject('  ')).toBeUndefined();
    expect(parseJsonObject('null')).toBeUndefined();
    expect(parseJsonObject('[1]')).toBeUndefined();
    expect(parseJsonObject('{"city":')).toBeUndefined();
  });
});
