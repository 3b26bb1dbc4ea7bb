import { describe, expect, it } from 'vitest';
import { everyOutcomeReport, makeCase, makeRunReport } from '../report/test-support/make-run-report.ts';
import { runFails, summarize } from './summarize.ts';

describe('summarize', () => {
  it('counts every outcome', () => {
    expect(summarize(everyOutcomeReport().cases)).toEqual({
      pass: 5,
      fail: 1,
      'known-gap': 1,
      'unexpected-pass': 1,
      skipped: 2,
      error: 1,
    });
  });

  it('lists every outcome with zero when there are no cases', () => {
    expect(summarize([])).toEqual({
      pass: 0,
      fail: 0,
      'known-gap': 0,
      'unexpected-pass': 0,
      skipped: 0,
      error: 0,
    });
  });
});

describe('runFails', () => {
  const one = (status: 'pass' | 'fail' | 'skipped' | 'error', declared = true) =>
    makeRunReport([
      makeCase({ provider: 'p', scenario: 'chat.basic', status: 'pass' }),
      makeCase({ provider: 'p', scenario: 'tools.stream', status, declared }),
    ]);

  it('fails on a declared capability that fails', () => {
    expect(runFails(one('fail'))).toBe(true);
  });

  it('fails on an error, declared or not', () => {
    expect(runFails(one('error'))).toBe(true);
    expect(runFails(one('error', false))).toBe(true);
  });

  it('stays green on known gaps, unexpected passes and skips', () => {
    expect(runFails(one('fail', false))).toBe(false);
    expect(runFails(one('pass', false))).toBe(false);
    expect(runFails(one('skipped'))).toBe(false);
    expect(runFails(makeRunReport([]))).toBe(false);
  });
});
