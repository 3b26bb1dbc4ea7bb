import { describe, expect, it } from 'vitest';
import { failure } from '../../core/diagnostic.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from '../test-support/make-run-report.ts';
import { wideReport } from '../test-support/make-wide-report.ts';
import { renderMarkdownMatrix } from './render-markdown-matrix.ts';

/** Cells of a GFM table row: split on pipes that are not escaped. */
const cellsOf = (line: string) =>
  line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());

describe('renderMarkdownMatrix', () => {
  const md = renderMarkdownMatrix(everyOutcomeReport());
  const lines = md.split('\n');

  it('starts with a title, the run facts and a legend', () => {
    expect(lines[0]).toBe('# llmcompat capability matrix');
    expect(lines[2]).toBe(
      'llmcompat 0.1.0 · recorded mode · started 2025-06-01T10:00:00.000Z · took 12.3 s · node v24.1.0 · linux-x64',
    );
    expect(lines[4]).toMatch(
      /^\*\*Legend:\*\* \*\*✓\*\* pass · \*\*✓\\\*\*\* pass, with tolerated deviations · \*\*✗\*\* fail/,
    );
    expect(lines[4]).toContain('· **·** no result');
  });

  it('says where the fixtures came from, under the run facts', () => {
    const report = everyOutcomeReport();
    for (const result of report.cases) result.provenance = { kind: 'recorded', date: '2026-12-01' };
    report.cases[0]!.provenance = {
      kind: 'synthesized',
      date: '2026-11-26',
      sources: ['documented format: x'],
    };
    const out = renderMarkdownMatrix(report).split('\n');
    expect(out.slice(4, 6)).toEqual([
      '**Fixtures:** recorded live on 2026-12-01\\',
      '**Except** openai: 3 cases recorded live on 2026-12-01, 1 case synthesized from documented formats, 2026-11-26',
    ]);
    expect(lines[4]).toMatch(/^\*\*Legend/);
  });

  it('draws scenarios down under bold group rows and providers across, symbols in the right cells', () => {
    const header = lines.findIndex((l) => l.startsWith('| scenario |'));
    expect(cellsOf(lines[header]!)).toEqual(['scenario', 'openai', 'together', 'anthropic']);
    expect(lines[header + 1]).toBe('| :-- | :-: | :-: | :-: |');
    expect(lines.slice(header + 2, header + 10).map(cellsOf)).toEqual([
      ['**chat**', '', '', ''],
      ['`chat.basic`', '✓', '✓', '✓'],
      ['**tools**', '', '', ''],
      ['`tools.stream`', '✗ [1]', '✗ᵏ [4]', '✓'],
      ['**output**', '', '', ''],
      ['`output.json-schema`', '✓\\* [5]', '– [6]', '✓! [3]'],
      ['**errors**', '', '', ''],
      ['`errors.auth`', 'E [2]', '– [6]', '·'],
    ]);
    expect(lines[header - 2]).toBe('**Models:** openai `gpt-4o` · together `llama-3b` · anthropic `claude`');
  });

  it('grows down, not across, with forty scenarios: one column per provider', () => {
    const wide = renderMarkdownMatrix(wideReport()).split('\n');
    const header = wide.find((l) => l.startsWith('| scenario |'))!;
    expect(cellsOf(header)).toHaveLength(11);
    const groups = wide.filter((l) => /^\| \*\*[a-z]+\*\* \|/.test(l)).map((l) => cellsOf(l)[0]);
    expect(groups).toEqual([
      '**chat**',
      '**stream**',
      '**tools**',
      '**output**',
      '**reasoning**',
      '**input**',
      '**limits**',
      '**errors**',
    ]);
    const table = wide.slice(wide.indexOf(header), wide.indexOf('', wide.indexOf(header)));
    expect(table.filter((l) => l.startsWith('| `'))).toHaveLength(40);
  });

  it('writes footnotes with code, message, evidence in inline code and the catalog reason', () => {
    expect(md).toContain(
      '## Fails CI\n\n' +
        '- **[1]** openai › tools.stream: `missing-index` — a tool_calls delta has no index: arguments cannot be assembled\\\n' +
        '  evidence: `{"delta":{}}`\n' +
        '- **[2]** openai › errors.auth: `error` — fixture not found: openai/errors.auth.json\n',
    );
    expect(md).toContain(
      '## Known gaps (CI stays green)\n\n' +
        '- **[4]** together › tools.stream: `tool-call-as-text` — the tool call came back as text\\\n' +
        '  evidence: `<|python_tag|>{"name": "get_weather"}`\\\n' +
        '  catalog: tool calls arrive as \\<\\|python_tag\\|\\> text\n',
    );
    expect(md).toContain('  catalog: no JSON-schema output mode\n');
    expect(md).toContain(
      '- **[5]** openai › output.json-schema: `no-done-sentinel` — the stream ended without \\[DONE\\]',
    );
    expect(md).toContain(
      '- **[6]** together › output.json-schema, errors.auth: `skipped` — TOGETHER_API_KEY is not set',
    );
  });

  it('orders the sections: table, footnotes, summary, capabilities', () => {
    const at = (text: string) => md.indexOf(text);
    expect(at('| provider |')).toBeLessThan(at('## Fails CI'));
    expect(at('## Fails CI')).toBeLessThan(at('## Unexpected passes'));
    expect(at('## Unexpected passes')).toBeLessThan(at('## Known gaps'));
    expect(at('## Known gaps')).toBeLessThan(at('## Tolerated deviations'));
    expect(at('## Tolerated deviations')).toBeLessThan(at('## Skipped'));
    expect(at('## Skipped')).toBeLessThan(at('## Summary'));
    expect(at('## Summary')).toBeLessThan(at('## Capabilities'));
  });

  it('summarises the counts and the CI verdict', () => {
    expect(md).toContain(
      '## Summary\n\n11 cases: 5 pass, 1 known gap, 1 fail, 1 error, 1 unexpected pass, 2 skipped · ' +
        '1 pass with tolerated deviations\n\n**CI would fail (1 fail, 1 error)**\n',
    );
  });

  it('explains each capability the scenarios exercise', () => {
    expect(md).toContain(
      '| `tool-streaming` | tool calls assembled from streamed deltas | `tools.stream` — title of tools.stream |',
    );
    expect(md).toContain('| `structured-output` | output constrained to a JSON schema |');
    expect(md).not.toContain('`parallel-tools`');
  });

  it('escapes pipes and backticks so the table and code spans stay intact', () => {
    const report = makeRunReport([
      makeCase({ provider: 'p|q', model: 'a|b', scenario: 'chat.basic', status: 'pass' }),
      makeCase({
        provider: 'p|q',
        model: 'a|b',
        scenario: 'tools.single',
        status: 'fail',
        diagnostics: [failure('bad-args', 'args `x|y` are *not* JSON', 'data: {"a":"`b`|c"}')],
      }),
    ]);
    const out = renderMarkdownMatrix(report);
    const header = out.split('\n').find((l) => l.startsWith('| scenario'))!;
    expect(cellsOf(header)).toEqual(['scenario', 'p\\|q']);
    expect(out).toContain('**Models:** p\\|q `a|b`');
    const row = out.split('\n').find((l) => l.startsWith('| `tools.single`'))!;
    expect(cellsOf(row)).toEqual(['`tools.single`', '✗ [1]']);
    expect(out).toContain('`bad-args` — args \\`x\\|y\\` are \\*not\\* JSON\\\n');
    expect(out).toContain('  evidence: ``data: {"a":"`b`|c"}``\n');
    for (const line of out.split('\n').filter((l) => l.startsWith('| '))) {
      expect(cellsOf(line).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps every table row as wide as its header', () => {
    const tables: string[][] = [];
    let previous = '';
    for (const line of lines) {
      if (line.startsWith('|') && !previous.startsWith('|')) tables.push([]);
      if (line.startsWith('|')) tables.at(-1)?.push(line);
      previous = line;
    }
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      const width = cellsOf(table[0]!).length;
      for (const line of table) expect(cellsOf(line)).toHaveLength(width);
    }
  });

  it('is deterministic: same report, same bytes, also after a JSON round trip', () => {
    const report = everyOutcomeReport();
    expect(renderMarkdownMatrix(report)).toBe(md);
    expect(renderMarkdownMatrix(JSON.parse(JSON.stringify(report)))).toBe(md);
    expect(md.endsWith('\n')).toBe(true);
    expect(md).not.toContain('\u001b');
  });
});
