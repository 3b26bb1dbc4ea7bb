import { describe, expect, it } from 'vitest';
import { printable } from './printable.ts';

describe('printable', () => {
  it('shows control and bidi characters as escapes', () => {
    expect(printable('a\u001b[31mb\tc\nd\re\u0000f\u202eg')).toBe('a\\x1b[31mb\\tc\\nd\\re\\x00f\\u202eg');
  });

  it('keeps ordinary text, including non-ASCII', () => {
    expect(printable('Zürich › ✓ 東京')).toBe('Zürich › ✓ 東京');
  });
});
