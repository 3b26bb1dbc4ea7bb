import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure } from '../core/diagnostic.ts';
import { makeCase, makeRunReport } from '../report/test-support/make-run-report.ts';
import { loadConfig } from './load-config.ts';
import { caseReason, probeOutcome, renderProviderEntry, tsString } from './probe-entry.ts';

const report = makeRunReport([
  makeCase({ provider: 'acme', scenario: 'chat.basic', capability: 'chat', status: 'pass' }),
  makeCase({
    provider: 'acme',
    scenario: 'tools.stream',
    capability: 'tool-streaming',
    status: 'fail',
    diagnostics: [failure('tool-call-as-text', "the call came as <|python_tag|> 'text'")],
  }),
  makeCase({
    provider: 'acme',
    scenario: 'tools.choice-required',
    capability: 'tool-choice',
    status: 'pass',
  }),
  makeCase({
    provider: 'acme',
    scenario: 'tools.choice-none',
    capability: 'tool-choice',
    status: 'fail',
    attempts: { passed: 2, total: 3 },
    diagnostics: [
      failure('flaky', 'passed 2 of 3 attempts (pass@3 = 1, pass^3 = 0)'),
      failure('unexpected-tool-call', 'no tool call was wanted, got get_weather'),
    ],
  }),
  makeCase({
    provider: 'acme',
    scenario: 'errors.auth',
    capability: 'auth-errors',
    status: 'error',
    reason: 'TimeoutError: no response headers within 600 ms',
  }),
]);

describe('probeOutcome', () => {
  it('passes a capability only when all its scenarios passed; the others become gaps saying what failed', () => {
    const outcome = probeOutcome(report, 'acme');
    expect(outcome.passed).toEqual(['chat']);
    expect(outcome.errored).toEqual(['auth-errors']);
    expect(outcome.gaps).toEqual({
      'tool-streaming': "tools.stream: tool-call-as-text — the call came as <|python_tag|> 'text'",
      'tool-choice':
        'tools.choice-none: unexpected-tool-call — no tool call was wanted, got get_weather ' +
        '(pass^3 = 0: 2 of 3 attempts passed)',
      'auth-errors': 'errors.auth: error — TimeoutError: no response headers within 600 ms',
    });
  });

  it('keeps a reason to one line of bounded length', () => {
    const long = makeCase({
      provider: 'acme',
      scenario: 'chat.basic',
      status: 'fail',
      diagnostics: [failure('empty-text', `line one\nline two ${'x'.repeat(400)}`)],
    });
    const reason = caseReason(long);
    expect(reason).not.toContain('\n');
    expect(reason.length).toBe(300);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('renderProviderEntry', () => {
  it('prints an entry that, pasted into a config file, loads back as the same provider', async () => {
    const gaps = probeOutcome(report, 'acme').gaps;
    const definition = {
      protocol: 'openai-chat',
      baseUrl: 'https://api.acme.example/v1',
      keyEnv: 'ACME_API_KEY',
      model: "acme-'1'\\b",
      gaps,
    };
    const entry = renderProviderEntry('acme', definition, ['Probed today.']);
    expect(entry.split('\n').slice(0, 3)).toEqual([
      '    // Probed today.',
      '    acme: {',
      "      protocol: 'openai-chat',",
    ]);
    expect(entry).toContain(
      "      'tool-streaming': 'tools.stream: tool-call-as-text — the call came as <|python_tag|> \\'text\\'',",
    );
    const dir = await mkdtemp(join(tmpdir(), 'llmcompat-entry-'));
    try {
      const file = join(dir, 'llmcompat.config.ts');
      await writeFile(file, `export default {\n  providers: {\n${entry}\n  },\n};\n`);
      expect((await loadConfig(file)).providers?.acme).toEqual(definition);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('quotes ids that are not identifiers, and escapes what a string literal cannot hold', () => {
    expect(
      renderProviderEntry('acme-eu', { protocol: 'gemini', baseUrl: 'https://x', model: 'm' }),
    ).toContain("    'acme-eu': {\n");
    expect(tsString("a'b\\c\nd\u2028")).toBe("'a\\'b\\\\c\\nd\\u2028'");
    expect(() =>
      renderProviderEntry('a b', { protocol: 'gemini', baseUrl: 'https://x', model: 'm' }),
    ).toThrow();
  });
});
