import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../core/case-result.ts';
import { deviation, failure } from '../core/diagnostic.ts';
import { renderMarkdownMatrix } from './markdown/render-markdown-matrix.ts';
import { buildMatrix } from './matrix-cells.ts';
import { renderTerminalMatrix } from './terminal/render-terminal-matrix.ts';
import { displayWidth, stripAnsi } from './terminal/terminal-text.ts';
import { makeCase, makeRunReport } from './test-support/make-run-report.ts';

function faultCase(
  provider: string,
  kind: string,
  observed: string,
  fields: Partial<CaseResult> = {},
): CaseResult {
  const pass = observed === kind;
  return makeCase({
    provider,
    scenario: `faults.${kind}`,
    capability: 'fault-handling',
    status: pass ? 'pass' : 'fail',
    fault: {
      expected: kind as 'rate-limited',
      observed: observed as 'rate-limited',
      raised: fields.diagnostics === undefined,
      message: `${observed}: what happened`,
    },
    diagnostics: pass ? [] : [failure('misclassified-fault', `expected ${kind}, classified as ${observed}`)],
    ...fields,
  });
}

const report = () =>
  makeRunReport([
    makeCase({ provider: 'openai', scenario: 'chat.basic', status: 'pass' }),
    makeCase({
      provider: 'openai',
      scenario: 'tools.stream',
      status: 'fail',
      diagnostics: [failure('x', 'broken')],
    }),
    makeCase({ provider: 'anthropic', scenario: 'chat.basic', status: 'pass' }),
    makeCase({ provider: 'anthropic', scenario: 'tools.stream', status: 'pass' }),
    faultCase('openai', 'rate-limited', 'rate-limited'),
    faultCase('anthropic', 'rate-limited', 'server-error'),
    faultCase('openai', 'truncated-stream', 'truncated-stream', {
      diagnostics: [deviation('fault-not-raised', 'the adapter returned an answer')],
    }),
    faultCase('anthropic', 'truncated-stream', 'none'),
  ]);

describe('the fault section', () => {
  const matrix = buildMatrix(report());

  it('leaves the fault scenarios out of the main table and lays them out a row per fault', () => {
    expect(matrix.columns.map((c) => c.id)).toEqual(['chat.basic', 'tools.stream']);
    expect(matrix.faults?.columns.map((c) => c.id)).toEqual(['openai', 'anthropic']);
    expect(
      matrix.faults?.rows.map((row) => [row.kind, ...row.cells.map((c) => `${c.symbol} ${c.label}`)]),
    ).toEqual([
      ['rate-limited', '✓ rate-limited', '✗ server-error'],
      ['truncated-stream', '✓* truncated-stream', '✗ no fault'],
    ]);
  });

  it('numbers its footnotes with the main table, section by section', () => {
    expect(matrix.footnotes.map((f) => [f.number, f.section, f.where])).toEqual([
      [1, 'fails-ci', 'openai › tools.stream'],
      [2, 'fails-ci', 'anthropic › faults.rate-limited'],
      [3, 'fails-ci', 'anthropic › faults.truncated-stream'],
      [4, 'deviation', 'openai › faults.truncated-stream'],
    ]);
  });

  it('draws a second table in the terminal under the same column keys, the classification where it is wrong', () => {
    const text = renderTerminalMatrix(report(), { color: false });
    expect(text).toContain('Faults · one provider per protocol');
    expect(text).toContain('Protocols: A openai-chat   B openai-chat');
    expect(text).toMatch(/^fault +│ A +B$/m);
    expect(text).toMatch(/^rate-limited +│ ✓ +✗2 server-error$/m);
    expect(text).toMatch(/^truncated-stream +│ ✓\*4 +✗3 no fault$/m);
    expect(text.indexOf('Faults ·')).toBeGreaterThan(text.indexOf('scenario '));
  });

  it('fits twelve faults × five protocols, misclassified ones included, in 60 columns', () => {
    const kinds = ['rate-limited', 'server-error', 'overloaded', 'mid-stream-error', 'connection-reset'];
    const wrong = ['first-byte-timeout', 'invalid-json-chunk', 'wrong-content-type', 'none', 'stream-stall'];
    const providers = ['openai', 'google', 'anthropic', 'mistral', 'ollama'];
    const cases = providers.flatMap((provider, p) =>
      [...kinds, ...wrong].map((kind, k) => faultCase(provider, kind, (p + k) % 3 === 0 ? wrong[p]! : kind)),
    );
    const text = renderTerminalMatrix(makeRunReport(cases), { color: true, columns: 60 });
    const lines = stripAnsi(text).split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    const keys = lines
      .filter((l) => l.startsWith('fault '))
      .flatMap((l) => l.split('│')[1]!.trim().split(/ +/));
    expect(keys).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('draws a second table in Markdown', () => {
    const markdown = renderMarkdownMatrix(report());
    expect(markdown).toContain('## Faults');
    expect(markdown).toContain('| fault | openai (openai-chat) | anthropic (openai-chat) |');
    expect(markdown).toContain('| `rate-limited` | ✓ rate-limited | ✗ server-error [2] |');
  });

  it('renders a run of faults alone without an empty main table', () => {
    const faultsOnly = makeRunReport([faultCase('ollama', 'oversized', 'oversized')]);
    const text = renderTerminalMatrix(faultsOnly, { color: false });
    expect(text).not.toContain('No cases in this run.');
    expect(text).toMatch(/^oversized +│ ✓$/m);
    expect(text).toContain('A  ollama');
    expect(renderMarkdownMatrix(faultsOnly)).not.toContain('No cases in this run.');
  });
});
