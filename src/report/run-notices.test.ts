import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';
import { buildRunReport } from '../runner/build-run-report.ts';
import { nothingRecordedNotice, nothingTestedNotice, unreachableNotices } from './run-notices.ts';

function aCase(provider: string, scenario: string, patch: Partial<CaseResult>): CaseResult {
  return {
    provider,
    scenario,
    capability: 'chat',
    model: 'm',
    mode: 'live',
    status: 'pass',
    outcome: 'pass',
    declared: true,
    diagnostics: [],
    timings: { totalMs: 1 },
    ...patch,
  };
}

function report(cases: CaseResult[], mode: RunReport['run']['mode'] = 'live'): RunReport {
  return buildRunReport(cases, {
    mode,
    startedAt: new Date(0),
    finishedAt: new Date(1),
    complete: true,
    version: 'test',
  });
}

const networkError = (provider: string, scenario: string) =>
  aCase(provider, scenario, {
    status: 'error',
    outcome: 'error',
    diagnostics: [
      {
        code: 'network-error',
        severity: 'failure',
        message: 'fetch failed: getaddrinfo ENOTFOUND api.openai.com',
      },
    ],
  });

describe('unreachableNotices', () => {
  it('gives one line for a provider none of whose cases got through the network', () => {
    const notices = unreachableNotices(
      report([
        networkError('openai', 'chat.basic'),
        networkError('openai', 'errors.auth'),
        aCase('cohere', 'chat.basic', {}),
      ]),
    );
    expect(notices).toEqual(['openai: not reachable (ENOTFOUND api.openai.com) — 2 cases not judged']);
  });

  it('says nothing of a provider that answered at least one case', () => {
    expect(
      unreachableNotices(report([networkError('openai', 'chat.basic'), aCase('openai', 'chat.system', {})])),
    ).toEqual([]);
  });
});

describe('nothingTestedNotice', () => {
  const skipped = (provider: string, reason: string) =>
    aCase(provider, 'chat.basic', { status: 'skipped', outcome: 'skipped', reason });

  it('names the missing keys and the unreachable servers when every case was skipped', () => {
    const notice = nothingTestedNotice(
      report([
        skipped('openai', 'no OPENAI_API_KEY'),
        skipped('cohere', 'no COHERE_API_KEY'),
        skipped('ollama', 'not reachable at http://localhost:11434: ECONNREFUSED'),
      ]),
    );
    expect(notice).toContain('nothing was tested: all 3 cases were skipped');
    expect(notice).toContain('set OPENAI_API_KEY, COHERE_API_KEY in .env or the environment');
    expect(notice).toContain('ollama: not reachable at http://localhost:11434');
    expect(notice).toContain('recorded mode, the default, needs no key');
  });

  it('is silent when a single case ran', () => {
    expect(
      nothingTestedNotice(
        report([skipped('openai', 'no OPENAI_API_KEY'), aCase('cohere', 'chat.basic', {})]),
      ),
    ).toBe(undefined);
  });
});

describe('nothingRecordedNotice', () => {
  it('speaks for a record run that wrote no fixture, and only for one', () => {
    const failed = aCase('together', 'tools.stream', { mode: 'record', status: 'fail', outcome: 'fail' });
    expect(nothingRecordedNotice(report([failed], 'record'))).toMatch(
      /^nothing was recorded: .*fixtures are unchanged$/,
    );
    expect(nothingRecordedNotice(report([{ ...failed, recordedTo: 'fixtures/x.json' }], 'record'))).toBe(
      undefined,
    );
    expect(nothingRecordedNotice(report([failed], 'live'))).toBe(undefined);
  });
});
