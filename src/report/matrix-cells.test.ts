import { describe, expect, it } from 'vitest';
import { failure } from '../core/diagnostic.ts';
import { buildMatrix, columnGroups, columnKey, legendEntries } from './matrix-cells.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from './test-support/make-run-report.ts';

describe('buildMatrix', () => {
  const matrix = buildMatrix(everyOutcomeReport());

  it('lays out providers × scenarios in report order with a mark per cell', () => {
    expect(matrix.columns.map((c) => c.id)).toEqual([
      'chat.basic',
      'tools.stream',
      'output.json-schema',
      'errors.auth',
    ]);
    expect(matrix.rows.map((row) => [row.id, row.model, ...row.cells.map((cell) => cell.mark)])).toEqual([
      ['openai', 'gpt-4o', 'pass', 'fail', 'deviation', 'error'],
      ['together', 'llama-3b', 'pass', 'known-gap', 'skipped', 'skipped'],
      ['anthropic', 'claude', 'pass', 'pass', 'unexpected-pass', 'missing'],
    ]);
  });

  it('numbers footnotes section by section, one shared by cells skipped for the same reason', () => {
    expect(matrix.rows.map((row) => row.cells.map((cell) => cell.footnote))).toEqual([
      [undefined, 1, 5, 2],
      [undefined, 4, 6, 6],
      [undefined, undefined, 3, undefined],
    ]);
    expect(matrix.footnotes.map((f) => [f.number, f.section, f.where])).toEqual([
      [1, 'fails-ci', 'openai › tools.stream'],
      [2, 'fails-ci', 'openai › errors.auth'],
      [3, 'unexpected-pass', 'anthropic › output.json-schema'],
      [4, 'known-gap', 'together › tools.stream'],
      [5, 'deviation', 'openai › output.json-schema'],
      [6, 'skipped', 'together › output.json-schema, errors.auth'],
    ]);
  });

  it('carries code, message, evidence and the catalog reason', () => {
    const gap = matrix.footnotes[3]!;
    expect(gap.items).toEqual([
      {
        code: 'tool-call-as-text',
        message: 'the tool call came back as text',
        evidence: '<|python_tag|>{"name": "get_weather"}',
      },
    ]);
    expect(gap.gapReason).toBe('tool calls arrive as <|python_tag|> text');
    expect(matrix.footnotes[1]!.items[0]).toEqual({
      code: 'error',
      message: 'fixture not found: openai/errors.auth.json',
    });
    expect(matrix.footnotes[2]!.gapReason).toBe('no JSON-schema output mode');
  });

  it('lists failures first and tags a tolerated deviation on a failing cell', () => {
    const report = makeRunReport([
      makeCase({
        provider: 'p',
        scenario: 's',
        status: 'fail',
        diagnostics: [
          { code: 'missing-index', severity: 'deviation', message: 'no index' },
          failure('no-done-sentinel', 'no [DONE]'),
        ],
      }),
    ]);
    expect(buildMatrix(report).footnotes[0]!.items).toEqual([
      { code: 'no-done-sentinel', message: 'no [DONE]' },
      { code: 'missing-index', message: 'no index', tag: 'tolerated' },
    ]);
  });

  it('says all scenarios when a skip reason covers a whole row', () => {
    const report = makeRunReport([
      makeCase({ provider: 'ollama', scenario: 'a', status: 'skipped', reason: 'not reachable' }),
      makeCase({ provider: 'ollama', scenario: 'b', status: 'skipped', reason: 'not reachable' }),
    ]);
    expect(buildMatrix(report).footnotes).toEqual([
      {
        number: 1,
        section: 'skipped',
        where: 'ollama › all scenarios',
        items: [{ code: 'skipped', message: 'not reachable' }],
      },
    ]);
  });

  it('adds a row or column for a case the report lists lack', () => {
    const report = everyOutcomeReport();
    report.cases.push(
      makeCase({ provider: 'mistral', model: 'm7b', scenario: 'chat.system', status: 'pass' }),
    );
    const extended = buildMatrix(report);
    expect(extended.rows.at(-1)?.id).toBe('mistral');
    // A scenario joins its group, wherever the report listed the group.
    expect(extended.columns.map((c) => c.id)).toEqual([
      'chat.basic',
      'chat.system',
      'tools.stream',
      'output.json-schema',
      'errors.auth',
    ]);
    expect(extended.rows.at(-1)?.cells[1]?.mark).toBe('pass');
    expect(extended.providers.map((p) => `${p.key} ${p.id}`)).toEqual([
      'A openai',
      'B together',
      'C anthropic',
      'D mistral',
    ]);
  });

  it('keeps the scenarios of a group together, groups in the order they first appear', () => {
    const cases = ['tools.a', 'chat.a', 'tools.b', 'plain', 'chat.b'].map((scenario) =>
      makeCase({ provider: 'p', scenario, status: 'pass' }),
    );
    const grouped = buildMatrix(makeRunReport(cases));
    expect(grouped.columns.map((c) => c.id)).toEqual(['tools.a', 'tools.b', 'chat.a', 'chat.b', 'plain']);
    expect(columnGroups(grouped.columns).map((g) => [g.name, g.first, g.columns.length])).toEqual([
      ['tools', 0, 2],
      ['chat', 2, 2],
      ['', 4, 1],
    ]);
    expect(grouped.rows[0]?.cells.map((cell) => cell.result?.scenario)).toEqual(
      grouped.columns.map((c) => c.id),
    );
  });

  it('gives a provider of the fault section alone a key after those of the main table, in report order', () => {
    const report = makeRunReport([
      makeCase({ provider: 'a', scenario: 'chat.basic', status: 'pass' }),
      makeCase({ provider: 'b', scenario: 'faults.x', capability: 'fault-handling', status: 'pass' }),
      makeCase({ provider: 'a', scenario: 'faults.x', capability: 'fault-handling', status: 'pass' }),
    ]);
    const matrix = buildMatrix(report);
    expect(matrix.providers.map((p) => p.key)).toEqual(['A', 'B']);
    expect(matrix.faults?.columns.map((c) => `${c.key} ${c.id}`)).toEqual(['A a', 'B b']);
    expect([0, 25, 26, 27, 701, 702].map(columnKey)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('explains "no result" only when a cell has none', () => {
    expect(legendEntries(matrix).map((e) => e.mark)).toContain('missing');
    const full = buildMatrix(makeRunReport([makeCase({ provider: 'p', scenario: 's', status: 'pass' })]));
    expect(legendEntries(full).map((e) => e.symbol)).toEqual(['✓', '✓*', '✗', '✗ᵏ', '✓!', '–', 'E']);
  });
});

describe('repeated cells', () => {
  it('say how many attempts passed, so a flaky cell shows as such', () => {
    const matrix = buildMatrix(
      makeRunReport([
        makeCase({ provider: 'p', scenario: 'a', status: 'fail', attempts: { passed: 2, total: 3 } }),
        makeCase({ provider: 'p', scenario: 'b', status: 'pass', attempts: { passed: 3, total: 3 } }),
        makeCase({ provider: 'p', scenario: 'c', status: 'pass' }),
      ]),
    );
    expect(matrix.rows[0]?.cells.map((cell) => cell.symbol)).toEqual(['✗ 2/3', '✓ 3/3', '✓']);
  });
});
