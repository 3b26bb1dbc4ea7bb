import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../runner/live-fetch-retry.ts';
import { readRetryAfter } from './read-retry-after.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('readRetryAfter', () => {
  it('reads seconds, an HTTP date, and retry-after-ms first', () => {
    expect(readRetryAfter({ 'retry-after': '20' }, '', NOW)?.seconds).toBe(20);
    expect(readRetryAfter({ 'retry-after': 'Tue, 01 Dec 2026 12:00:30 GMT' }, '', NOW)?.seconds).toBe(30);
    expect(readRetryAfter({ 'retry-after': '20', 'retry-after-ms': '532' }, '', NOW)?.seconds).toBe(0.532);
  });

  it('takes no wait from a value that is neither seconds nor an HTTP date, a negative number included', () => {
    for (const value of ['-5', 'soon', '2026-12-01', '1e3']) {
      const read = readRetryAfter({ 'retry-after': value }, '', NOW);
      expect(read, value).toEqual({ said: `Retry-After: ${value}` });
      expect(retryAfterMs(new Headers({ 'retry-after': value }), NOW), value).toBeUndefined();
    }
  });
});
