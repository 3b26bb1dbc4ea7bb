import { describe, expect, it } from 'vitest';
import { summarize } from '../core/summarize.ts';
import { renderHtmlReport } from './html/render-html-report.ts';
import { renderMarkdownMatrix } from './markdown/render-markdown-matrix.ts';
import { countsLine, formatDuration, summaryParts, verdict } from './run-summary.ts';
import { renderTerminalMatrix } from './terminal/render-terminal-matrix.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from './test-support/make-run-report.ts';

describe('formatDuration', () => {
  it('uses ms, seconds, then minutes', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});

describe('countsLine', () => {
  it('lists the counts in a fixed order, with plurals', () => {
    expect(countsLine(summarize(everyOutcomeReport().cases))).toBe(
      '11 cases: 5 pass, 1 known gap, 1 fail, 1 error, 1 unexpected pass, 2 skipped',
    );
  });
});

describe('counts of one', () => {
  const one = makeRunReport([makeCase({ provider: 'p', scenario: 'chat.basic', status: 'pass' })]);

  it('are singular in every renderer: 1 case, 1 known gap, 1 pass with tolerated deviations', () => {
    expect(countsLine(summarize(one.cases))).toBe(
      '1 case: 1 pass, 0 known gaps, 0 fail, 0 error, 0 unexpected passes, 0 skipped',
    );
    expect(renderTerminalMatrix(one, { color: false })).toContain('\n1 case: 1 pass, 0 known gaps,');
    expect(renderMarkdownMatrix(one)).toContain('\n1 case: 1 pass, 0 known gaps,');
    expect(renderHtmlReport({ conformance: one })).toContain('<span class="muted">1 case</span>');
    const two = makeRunReport([
      makeCase({ provider: 'p', scenario: 'chat.basic', status: 'pass' }),
      makeCase({ provider: 'q', scenario: 'chat.basic', status: 'pass' }),
    ]);
    expect(renderHtmlReport({ conformance: two })).toContain('<span class="muted">2 cases</span>');
  });
});

describe('verdict and summaryParts', () => {
  it('says why CI would fail', () => {
    expect(verdict(everyOutcomeReport())).toEqual({ fails: true, text: 'CI would fail (1 fail, 1 error)' });
  });

  it('says CI would pass when only known gaps fail', () => {
    const report = makeRunReport([
      makeCase({ provider: 'p', scenario: 's', status: 'fail', declared: false }),
    ]);
    expect(verdict(report)).toEqual({ fails: false, text: 'CI would pass' });
  });

  it('mentions tolerated deviations and an interrupted run', () => {
    const report = { ...everyOutcomeReport(), run: { ...everyOutcomeReport().run, complete: false } };
    expect(summaryParts(report).slice(1)).toEqual([
      '1 pass with tolerated deviations',
      'run interrupted before every case finished',
    ]);
  });
});
