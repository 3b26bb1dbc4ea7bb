import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../core/case-result.ts';
import { deviation, failure } from '../../core/diagnostic.ts';
import type { RunReport } from '../../core/run-report.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from '../test-support/make-run-report.ts';
import { WIDE_PROVIDERS, WIDE_SCENARIOS, wideReport } from '../test-support/make-wide-report.ts';
import { renderTerminalMatrix } from './render-terminal-matrix.ts';
import { displayWidth, stripAnsi } from './terminal-text.ts';

const ESC = '\u001b';

/** The cells of the grid row labelled `label` (`  basic`), in every block, left to right (at two spaces apart). */
function rowCells(output: string, label: string): string[] {
  const lines = output.split('\n').filter((l) => l.trimStart().startsWith(`${label} `) && l.includes('│'));
  if (lines.length === 0) throw new Error(`no row ${label}`);
  return lines.flatMap((line) =>
    line
      .slice(line.indexOf('│') + 1)
      .trim()
      .split(/ {2,}/),
  );
}

/** The column keys of each block's header row. */
const blockKeys = (output: string, corner = 'scenario') =>
  output
    .split('\n')
    .filter((l) => l.startsWith(`${corner} `))
    .map((l) =>
      l
        .slice(l.indexOf('│') + 1)
        .trim()
        .split(/ +/),
    );

const SYNTHESIZED = {
  kind: 'synthesized' as const,
  date: '2026-11-26',
  sources: ['wire-samples/ai-sdk/openai/openai-text.json (vercel/ai@ed857f5, Apache-2.0)'],
};

/**
 * The recorded run as it looks today, fixed here so the snapshots change only when the layout does: ten providers
 * × fourteen scenarios, mostly passes, known gaps, deviations, one fail, one error and one skip.
 */
function snapshotReport(): RunReport {
  const scenarios: [string, CaseResult['capability']][] = [
    ['chat.basic', 'chat'],
    ['chat.system', 'system-prompt'],
    ['chat.multi-turn', 'multi-turn'],
    ['stream.text', 'streaming'],
    ['stream.usage', 'stream-usage'],
    ['tools.single', 'tools'],
    ['tools.parallel', 'parallel-tools'],
    ['tools.roundtrip', 'tool-roundtrip'],
    ['tools.stream', 'tool-streaming'],
    ['tools.choice-required', 'tool-choice'],
    ['tools.choice-none', 'tool-choice'],
    ['output.json-schema', 'structured-output'],
    ['errors.auth', 'auth-errors'],
    ['errors.unknown-model', 'model-errors'],
  ];
  const gap = (code: string, message: string, reason: string, evidence?: string) => ({
    status: 'fail' as const,
    declared: false,
    gapReason: reason,
    diagnostics: [failure(code, message, evidence)],
  });
  const special: Record<string, Partial<CaseResult>> = {
    'cohere/stream.usage': gap(
      'usage-missing',
      'usage was requested but no chunk carried a `usage` object',
      'the compatibility API rejects stream_options, so a stream carries no usage',
    ),
    'together/tools.parallel': gap(
      'too-few-tool-calls',
      'expected at least 2 call(s) to get_weather, got 1 tool call(s)',
      'Llama 3.2 3B emits one tool call per turn',
    ),
    'together/tools.stream': gap(
      'tool-call-as-text',
      'the tool call arrived as `<|python_tag|>` text in delta.content instead of delta.tool_calls',
      'tool calls arrive as <|python_tag|> text instead of tool_calls',
      '<|python_tag|>{"type": "function", "name": "get_weather", "parameters": {"city": "Tokyo"}}',
    ),
    'ollama/tools.choice-required': gap(
      'no-tool-call',
      'expected at least 1 call(s) to get_weather, got no tool call',
      'Ollama has no tool_choice: the model decides whether to call a tool',
    ),
    'anthropic/output.json-schema': gap(
      'json-invalid',
      'the answer is JSON wrapped in a Markdown code fence, not bare JSON',
      'no JSON-schema output mode',
      '```json\\n{"country": "France"}\\n```',
    ),
    'google-openai/tools.stream': {
      status: 'pass',
      diagnostics: [
        deviation(
          'missing-index',
          'a delta.tool_calls entry has no integer `index`: clients that assemble calls by index misplace it',
          `{"extra_content":{"google":{"thought_signature":"${'Kc91HXM8Ao5Szrc2W4URzGua94s4K'.repeat(3)}"}}}`,
        ),
      ],
    },
    'mistral/errors.unknown-model': {
      status: 'pass',
      diagnostics: [
        deviation('unknown-model-error-status', 'an unknown model was answered with HTTP 400, not 404'),
      ],
    },
    'openrouter/tools.roundtrip': {
      status: 'fail',
      diagnostics: [failure('tool-result-ignored', 'the final answer does not use the tool result')],
    },
    'mistral/chat.system': {
      status: 'error',
      reason: 'fixture not found: fixtures/mistral/chat.system.json',
    },
    'ollama-openai/errors.auth': { status: 'skipped', reason: 'a local Ollama server has no authentication' },
  };
  const cases = WIDE_PROVIDERS.flatMap((provider) =>
    scenarios.map(([scenario, capability]) => {
      const result = makeCase({
        provider: provider.id,
        model: provider.model,
        scenario,
        capability,
        status: 'pass',
        ...special[`${provider.id}/${scenario}`],
      });
      result.provenance = SYNTHESIZED;
      return result;
    }),
  );
  return makeRunReport(cases);
}

describe('renderTerminalMatrix', () => {
  const plain = renderTerminalMatrix(everyOutcomeReport(), { color: false, columns: 200 });

  it('lays scenarios down, under their group, and providers across, each cell a symbol and its footnote', () => {
    expect(blockKeys(plain)).toEqual([['A', 'B', 'C']]);
    expect(rowCells(plain, 'basic')).toEqual(['✓', '✓', '✓']);
    expect(rowCells(plain, 'stream')).toEqual(['✗1', '✗ᵏ4', '✓']);
    expect(rowCells(plain, 'json-schema')).toEqual(['✓*5', '– 6', '✓!3']);
    expect(rowCells(plain, 'auth')).toEqual(['E2', '– 6', '·']);
    const lines = plain.split('\n');
    const groups = lines.filter((l) => /^[a-z]+ +│$/.test(l)).map((l) => l.split(' ')[0]);
    expect(groups).toEqual(['chat', 'tools', 'output', 'errors']);
    expect(lines[lines.findIndex((l) => l.startsWith('tools '))! + 1]).toMatch(/^ {2}stream +│/);
  });

  it('names each column key with its provider and model before the grid', () => {
    const key = plain.indexOf('Providers (column key, id, model):');
    expect(key).toBeGreaterThan(0);
    expect(key).toBeLessThan(plain.indexOf('scenario '));
    expect(plain).toContain('A  openai     gpt-4o');
    expect(plain).toContain('B  together   llama-3b');
    expect(plain).toContain('C  anthropic  claude');
  });

  it('writes a legend, then footnotes with code, message, evidence and the catalog reason', () => {
    const lines = plain.split('\n');
    const legend = lines.findIndex((l) => l.startsWith('Legend:'));
    const firstNote = lines.findIndex((l) => l.startsWith('[1] '));
    expect(legend).toBeGreaterThan(0);
    expect(firstNote).toBeGreaterThan(legend);
    expect(plain).toContain('· no result');
    expect(plain).toContain(
      [
        'Fails CI',
        '[1] openai › tools.stream: missing-index — a tool_calls delta has no index: arguments cannot be assembled',
        '    evidence: {"delta":{}}',
        '[2] openai › errors.auth: error — fixture not found: openai/errors.auth.json',
      ].join('\n'),
    );
    expect(plain).toContain(
      [
        '[4] together › tools.stream: tool-call-as-text — the tool call came back as text',
        '    evidence: <|python_tag|>{"name": "get_weather"}',
        '    catalog: tool calls arrive as <|python_tag|> text',
      ].join('\n'),
    );
    expect(plain).toContain(
      '[3] anthropic › output.json-schema: unexpected-pass — passes, although the catalog lists this capability as a gap\n' +
        '    catalog: no JSON-schema output mode',
    );
    expect(plain).toContain(
      'Tolerated deviations\n[5] openai › output.json-schema: no-done-sentinel — the stream ended without [DONE]',
    );
    expect(plain).toContain(
      'Skipped\n[6] together › output.json-schema, errors.auth: skipped — TOGETHER_API_KEY is not set',
    );
  });

  it('ends with a summary and the CI verdict, broken between its phrases when it is too long', () => {
    expect(plain.split('\n').at(-1)).toBe(
      '11 cases: 5 pass, 1 known gap, 1 fail, 1 error, 1 unexpected pass, 2 skipped · ' +
        '1 pass with tolerated deviations · CI would fail (1 fail, 1 error)',
    );
    const narrow = renderTerminalMatrix(everyOutcomeReport(), { color: false, columns: 60 });
    expect(narrow.split('\n').slice(-4)).toEqual([
      '11 cases: 5 pass, 1 known gap, 1 fail, 1 error,',
      '  1 unexpected pass, 2 skipped',
      '  1 pass with tolerated deviations',
      '  CI would fail (1 fail, 1 error)',
    ]);
  });

  it('wraps footnotes under their text and breaks evidence that has no spaces', () => {
    const report = everyOutcomeReport();
    report.cases[1]!.diagnostics[0]!.evidence = 'x'.repeat(150);
    const lines = renderTerminalMatrix(report, { color: false, columns: 60 }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('[1] '));
    expect(lines.slice(at, at + 6)).toEqual([
      '[1] openai › tools.stream: missing-index — a tool_calls',
      '    delta has no index: arguments cannot be assembled',
      `    evidence: ${'x'.repeat(46)}`,
      `              ${'x'.repeat(46)}`,
      `              ${'x'.repeat(46)}`,
      `              ${'x'.repeat(12)}`,
    ]);
  });

  it("shows a failing cell's answer on a line under its footnote, and none for a tolerated deviation", () => {
    const answer = {
      text: { text: '```json\n{"country": "France"}\n```' },
      toolCalls: [],
      finish: { reason: 'stop' as const, raw: 'end_turn' },
      usage: { input: 110, output: 32 },
    };
    const report = makeRunReport([
      makeCase({
        provider: 'anthropic',
        scenario: 'output.json-schema',
        status: 'fail',
        diagnostics: [failure('json-in-fence', 'fenced')],
        observed: answer,
      }),
      makeCase({
        provider: 'anthropic',
        scenario: 'chat.basic',
        status: 'pass',
        diagnostics: [deviation('usage-inconsistent', 'does not add up')],
        observed: answer,
      }),
    ]);
    const lines = renderTerminalMatrix(report, { color: false, columns: 80 }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('[1] anthropic › output.json-schema'));
    expect(lines[at + 1]).toBe('    answered: text "```json\\n{"country": "France"}\\n```" · finish stop');
    expect(lines[at + 2]).toBe('      (end_turn) · usage 110 in, 32 out');
    expect(lines.filter((l) => l.includes('answered:'))).toHaveLength(1);
  });

  it('has no ANSI codes without color, even when the wire text carries some', () => {
    const report = everyOutcomeReport();
    report.cases[1]!.diagnostics[0]!.evidence = `${ESC}[31mred${ESC}[0m`;
    const output = renderTerminalMatrix(report, { color: false });
    expect(output).not.toContain(ESC);
    expect(output).toContain('evidence: \\x1b[31mred\\x1b[0m');
  });

  it('colours fails and errors red, known gaps yellow, unexpected passes cyan, and nothing else changes', () => {
    const colored = renderTerminalMatrix(everyOutcomeReport(), { color: true, columns: 200 });
    expect(colored).toContain(`${ESC}[31m✗${ESC}[39m1`);
    expect(colored).toContain(`${ESC}[31mE${ESC}[39m2`);
    expect(colored).toContain(`${ESC}[33m✗ᵏ${ESC}[39m4`);
    expect(colored).toContain(`${ESC}[36m✓!${ESC}[39m3`);
    expect(colored).toContain(`${ESC}[31mCI would fail (1 fail, 1 error)${ESC}[39m`);
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('trims long evidence', () => {
    const report = everyOutcomeReport();
    report.cases[1]!.diagnostics[0]!.evidence = 'x'.repeat(1000);
    const line = renderTerminalMatrix(report, { color: false, columns: 300 })
      .split('\n')
      .find((l) => l.includes('evidence: xxx'));
    expect(line?.trim()).toBe(`evidence: ${'x'.repeat(239)}…`);
  });

  it('keeps a number apart from a --repeat count, and says nothing of fixtures a live run did not replay', () => {
    const report = makeRunReport([
      makeCase({
        provider: 'p',
        scenario: 'chat.basic',
        mode: 'live',
        status: 'fail',
        attempts: { passed: 2, total: 3 },
        diagnostics: [failure('flaky', 'passed 2 of 3 attempts')],
      }),
    ]);
    const output = renderTerminalMatrix(report, { color: false });
    expect(rowCells(output, 'basic')).toEqual(['✗ 2/3 [1]']);
    expect(output).not.toContain('Fixtures:');
  });

  it('says where the replayed fixtures came from, under the run facts', () => {
    const lines = renderTerminalMatrix(snapshotReport(), { color: false }).split('\n');
    expect(lines[2]).toBe('Fixtures: synthesized from recorded traffic of the Vercel AI SDK (Apache-2.0),');
    expect(lines[3]).toBe('  2026-11-26 — not live captures');
  });

  it('renders a run without cases', () => {
    const output = renderTerminalMatrix(makeRunReport([]), { color: false });
    expect(output).toContain('No cases in this run.');
    expect(output).not.toContain('Providers (');
    expect(output.split('\n').slice(-2)).toEqual([
      '0 cases: 0 pass, 0 known gaps, 0 fail, 0 error, 0 unexpected passes, 0 skipped',
      '  CI would pass',
    ]);
  });
});

describe('the terminal layout', () => {
  it('reads at 80 columns: the rendered matrix of ten providers × fourteen scenarios', async () => {
    const output = renderTerminalMatrix(snapshotReport(), { color: false, columns: 80 });
    await expect(`${output}\n`).toMatchFileSnapshot('__snapshots__/terminal-matrix-80.txt');
  });

  it('uses the room of 120 columns', async () => {
    const output = renderTerminalMatrix(snapshotReport(), { color: false, columns: 120 });
    await expect(`${output}\n`).toMatchFileSnapshot('__snapshots__/terminal-matrix-120.txt');
  });

  for (const columns of [80, 100, 60]) {
    it(`fits ten providers × forty scenarios in ${columns} columns, every cell shown once`, () => {
      const report = wideReport();
      const output = renderTerminalMatrix(report, { color: true, columns });
      const lines = stripAnsi(output).split('\n');
      const widest = lines.reduce((a, b) => (displayWidth(a) >= displayWidth(b) ? a : b));
      expect(displayWidth(widest), widest).toBeLessThanOrEqual(columns);
      expect(report.cases.length).toBe(400);

      // Every scenario is a row of every block, and the blocks together hold each key once, in order.
      const keys = blockKeys(stripAnsi(output));
      expect(keys.flat()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
      for (const id of WIDE_SCENARIOS) {
        const label = id.slice(id.indexOf('.') + 1);
        const rows = lines.filter((l) => l.startsWith(`  ${label} `) && l.includes('│'));
        expect(rows.length, id).toBeGreaterThanOrEqual(keys.length);
      }
      expect(stripAnsi(output)).toContain('[120] ');
    });
  }

  it('splits the providers into even blocks when they do not fit side by side', () => {
    const output = renderTerminalMatrix(wideReport(), { color: false, columns: 60 });
    expect(blockKeys(output)).toEqual([
      ['A', 'B', 'C', 'D', 'E'],
      ['F', 'G', 'H', 'I', 'J'],
    ]);
    expect(blockKeys(renderTerminalMatrix(wideReport(), { color: false, columns: 120 }))).toHaveLength(1);
  });

  it('goes on to AA, AB … past 26 providers and still fits', () => {
    const providers = Array.from({ length: 30 }, (_, i) => ({
      id: `provider-${i + 1}`,
      model: `model-${i}`,
    }));
    const output = renderTerminalMatrix(wideReport(providers, WIDE_SCENARIOS.slice(0, 6)), {
      color: false,
      columns: 80,
    });
    expect(blockKeys(output).flat().slice(24, 28)).toEqual(['Y', 'Z', 'AA', 'AB']);
    for (const line of output.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(output).toContain('AD  provider-30');
  });

  it('lays out for 80 columns when the width is unknown and for 40 below that', () => {
    const report = wideReport();
    expect(renderTerminalMatrix(report, { color: false })).toBe(
      renderTerminalMatrix(report, { color: false, columns: 80 }),
    );
    const tiny = renderTerminalMatrix(report, { color: false, columns: 10 });
    expect(tiny).toBe(renderTerminalMatrix(report, { color: false, columns: 40 }));
    for (const line of tiny.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
  });
});
