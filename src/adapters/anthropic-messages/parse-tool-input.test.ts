import { describe, expect, it } from 'vitest';
import { parseToolInput } from './parse-tool-input.ts';

describe('parseToolInput', () => {
  it('parses a JSON object', () => {
    expect(parseToolInput('{"city":"Paris","n":2}')).toEqual({ city: 'Paris', n: 2 });
  });

  it('gives {} for empty, non-object or malformed text', () => {
    expect(parseToolInput('')).toEqual({});
    expect(parseToolInput('  ')).toEqual({});
    expect(parseToolInput('null')).toEqual({});
    expect(parseToolInput('[1]')).toEqual({});
    expect(parseToolInput('{"city":')).toEqual({});
  });
});
