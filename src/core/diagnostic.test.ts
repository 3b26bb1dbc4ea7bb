import { describe, expect, it } from 'vitest';
import { trimEvidence } from './diagnostic.ts';

describe('trimEvidence', () => {
  it('shows line breaks escaped, and cuts a long text to the limit with an ellipsis', () => {
    expect(trimEvidence('a\r\nb')).toBe('a\\r\\nb');
    expect(trimEvidence('x'.repeat(240))).toBe('x'.repeat(240));
    expect(trimEvidence('x'.repeat(241))).toBe(`${'x'.repeat(239)}…`);
    // Escaping lengthens: 200 line breaks are 400 characters shown.
    expect(trimEvidence('\n'.repeat(200))).toBe(`${'\\n'.repeat(120).slice(0, 239)}…`);
  });

  it('cuts a body of millions of line breaks the same way, reading only its head', () => {
    expect(trimEvidence(':\n'.repeat(5_000_000), 10)).toBe(':\\n:\\n:\\n…');
  });
});
