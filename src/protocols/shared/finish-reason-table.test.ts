import { describe, expect, it } from 'vitest';
import { finishReasonMapper, stopWithToolCalls } from './finish-reason-table.ts';

describe('finishReasonMapper', () => {
  const map = finishReasonMapper({ done: 'stop', cut: 'length', '': 'unknown' });

  it('looks listed spellings up in the table', () => {
    expect(['done', 'cut', ''].map(map)).toEqual(['stop', 'length', 'unknown']);
  });

  it('reports a missing reason as unknown', () => {
    expect([null, undefined].map(map)).toEqual(['unknown', 'unknown']);
  });

  it('reports unlisted spellings as other, names of Object.prototype members included', () => {
    expect(['DONE', 'constructor', 'toString', '__proto__'].map(map)).toEqual([
      'other',
      'other',
      'other',
      'other',
    ]);
  });
});

describe('stopWithToolCalls', () => {
  it('turns stop into tool-calls only when there were calls', () => {
    expect(stopWithToolCalls('stop', true)).toBe('tool-calls');
    expect(stopWithToolCalls('stop', false)).toBe('stop');
    expect(stopWithToolCalls('length', true)).toBe('length');
  });
});
