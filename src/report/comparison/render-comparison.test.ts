import { describe, expect, it } from 'vitest';
import { makeCase, makeRunReport } from '../test-support/make-run-report.ts';
import { compareReports } from './compare-reports.ts';
import { comparisonCounts } from './render-comparison.ts';

describe('comparisonCounts', () => {
  it('puts each count in the singular for one and the plural otherwise', () => {
    const one = makeRunReport([makeCase({ provider: 'p', scenario: 'chat.basic', status: 'pass' })]);
    expect(comparisonCounts(compareReports(one, one))).toBe(
      '0 regressions · 0 improvements · 0 news · 1 case in both reports',
    );
    const two = makeRunReport([
      makeCase({ provider: 'p', scenario: 'chat.basic', status: 'pass' }),
      makeCase({ provider: 'p', scenario: 'chat.system', status: 'pass' }),
    ]);
    expect(comparisonCounts(compareReports(two, two))).toContain('· 2 cases in both reports');
  });
});
