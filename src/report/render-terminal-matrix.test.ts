import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../catalog/providers.ts';
import { SCENARIOS } from '../scenarios/scenarios.ts';
import { everyOutcomeReport, makeCase, makeRunReport } from './make-run-report.ts';
import { columnKey, renderTerminalMatrix } from './render-terminal-matrix.ts';

const ESC = '\u001b';
const stripAnsi = (text: string) => text.replaceAll(new RegExp(`${ESC}\\[\\d+m`, 'g'), '');
const visibleWidth = (line: string) => [...stripAnsi(line)].length;

/** The cells of the table row whose first cell is `provider`, trimmed. */
function rowCells(output: string, provider: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith(`│ ${provider} `));
  if (!line) throw new Error(`no row for ${provider}`);
  return line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function fullReport() {
  return makeRunReport(
    PROVIDERS.flatMap((provider) =>
      SCENARIOS.map((scenario) => {
        const gap = provider.gaps[scenario.capability];
        return makeCase({
          provider: provider.id,
          model: provider.defaultModel,
          scenario: scenario.id,
          capability: scenario.capability,
          status: gap ? 'fail' : 'pass',
          declared: gap === undefined,
          gapReason: gap,
        });
      }),
    ),
  );
}

describe('renderTerminalMatrix', () => {
  const plain = renderTerminalMatrix(everyOutcomeReport(), { color: false });

  it('puts each outcome symbol and footnote number in its cell', () => {
    expect(rowCells(plain, 'openai')).toEqual(['openai', 'gpt-4o', '✓', '✗ 1', '✓* 5', 'E 2']);
    expect(rowCells(plain, 'together')).toEqual(['together', 'llama-3b', '✓', '✗ᵏ 4', '– 6', '– 6']);
    expect(rowCells(plain, 'anthropic')).toEqual(['anthropic', 'claude', '✓', '✓', '✓! 3', '·']);
  });

  it('keys the columns with letters and lists the key under the table', () => {
    expect(plain).toMatch(/│ +a +│ +b +│ +c +│ +d +│/);
    expect(plain).toContain(
      'Scenarios: a chat.basic   b tools.stream   c output.json-schema   d errors.auth',
    );
    expect([0, 25, 26, 27, 701, 702].map(columnKey)).toEqual(['a', 'z', 'aa', 'ab', 'zz', 'aaa']);
  });

  it('shows the scenario groups above the keys', () => {
    const header = plain.split('\n')[2]!;
    expect(header.split('│').map((cell) => cell.trim())).toEqual([
      '',
      '',
      '',
      'chat',
      'tools',
      'output',
      'errors',
      '',
    ]);
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

  it('ends with a one-line summary and the CI verdict', () => {
    expect(plain.split('\n').at(-1)).toBe(
      '11 cases: 5 pass, 1 known gap, 1 fail, 1 error, 1 unexpected pass, 2 skipped · ' +
        '1 pass with tolerated deviations · CI would fail (1 fail, 1 error)',
    );
  });

  it('has no ANSI codes without color, even when the wire text carries some', () => {
    const report = everyOutcomeReport();
    report.cases[1]!.diagnostics[0]!.evidence = `${ESC}[31mred${ESC}[0m`;
    const output = renderTerminalMatrix(report, { color: false });
    expect(output).not.toContain(ESC);
    expect(output).toContain('evidence: \\x1b[31mred\\x1b[0m');
  });

  it('colours fails and errors red, known gaps yellow, unexpected passes cyan', () => {
    const colored = renderTerminalMatrix(everyOutcomeReport(), { color: true });
    expect(colored).toContain(`${ESC}[31m✗${ESC}[39m 1`);
    expect(colored).toContain(`${ESC}[31mE${ESC}[39m 2`);
    expect(colored).toContain(`${ESC}[33m✗ᵏ${ESC}[39m 4`);
    expect(colored).toContain(`${ESC}[36m✓!${ESC}[39m 3`);
    expect(colored).toContain(`${ESC}[31mCI would fail (1 fail, 1 error)${ESC}[39m`);
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('trims long evidence', () => {
    const report = everyOutcomeReport();
    report.cases[1]!.diagnostics[0]!.evidence = 'x'.repeat(1000);
    const line = renderTerminalMatrix(report, { color: false })
      .split('\n')
      .find((l) => l.includes('evidence: xxx'));
    expect(line?.trim()).toBe(`evidence: ${'x'.repeat(239)}…`);
  });

  it('fits ten providers × fourteen scenarios in 160 columns, cutting long model names', () => {
    const output = renderTerminalMatrix(fullReport(), { color: true });
    const table = output.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(table.length).toBeGreaterThan(20);
    for (const line of table) expect(visibleWidth(line)).toBeLessThanOrEqual(160);
    expect(rowCells(stripAnsi(output), 'together')[1]).toMatch(/^meta-llama\/Llama-3\.2.*…$/);
    expect(rowCells(stripAnsi(output), 'openai')[1]).toBe('gpt-4o');

    const narrow = renderTerminalMatrix(fullReport(), { color: false, width: 145 });
    for (const line of narrow.split('\n').filter((l) => /^[┌│├└]/.test(l))) {
      expect(visibleWidth(line)).toBeLessThanOrEqual(145);
    }
    expect(rowCells(narrow, 'cohere')[1]).toBe('command-r-0…');
  });

  it('says CI would pass when only known gaps fail', () => {
    expect(renderTerminalMatrix(fullReport(), { color: false })).toMatch(/· CI would pass$/);
  });

  it('renders a run without cases', () => {
    const output = renderTerminalMatrix(makeRunReport([]), { color: false });
    expect(output).toContain('No cases in this run.');
    expect(output.split('\n').at(-1)).toBe(
      '0 cases: 0 pass, 0 known gaps, 0 fail, 0 error, 0 unexpected passes, 0 skipped · CI would pass',
    );
  });
});
