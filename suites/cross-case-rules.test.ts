import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

// The rules every case shares, proved on the whole matrix: a fixture broken for one rule gives its own cell that
// rule's code, and every other cell keeps its status and its findings.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
let dir: string;
let before: RunReport;
let after: RunReport;

async function edit(provider: string, scenario: string, change: (text: string) => string): Promise<void> {
  const path = join(dir, provider, `${scenario}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  for (const chunk of fixture.exchanges[0]!.response.chunks) chunk.text = change(chunk.text);
  await writeFile(path, JSON.stringify(fixture));
}

/** A body answer, edited whole: a body is cut into chunks anywhere, even inside the text the change looks for. */
async function editBody(provider: string, scenario: string, change: (text: string) => string): Promise<void> {
  const path = join(dir, provider, `${scenario}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const response = fixture.exchanges[0]!.response;
  const [first] = response.chunks;
  response.chunks = [{ t: first!.t, text: change(response.chunks.map((chunk) => chunk.text).join('')) }];
  await writeFile(path, JSON.stringify(fixture));
}

const cell = (report: RunReport, provider: string, scenario: string) =>
  report.cases.find((c) => c.provider === provider && c.scenario === scenario) as CaseResult;
const codes = (result: CaseResult) => result.diagnostics.map((d) => d.code);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-cross-case-'));
  await cp(shipped, dir, { recursive: true });
  // 25 + 2 tokens, but a total of 30.
  await edit('openai', 'chat.basic', (text) => text.replace('"total_tokens": 27', '"total_tokens": 30'));
  // The stream ends its tool call with "stop", the answer not streamed with "tool_calls".
  await edit('openai', 'tools.stream', (text) =>
    text.replace('"finish_reason":"tool_calls"', '"finish_reason":"stop"'),
  );
  // A tool without parameters called with "" for arguments, not "{}".
  await editBody('openai', 'tools.no-args', (text) => text.replace('"arguments": "{}"', '"arguments": ""'));
  // The second of two streamed calls under the first one's index, without an id of its own.
  await edit('openai', 'tools.stream-parallel', (text) =>
    text.replace(/"index":1,"id":"call_\w+"/, '"index":0').replaceAll('"index":1,', '"index":0,'),
  );
  before = await runConformance({ providers: 'openai' });
  after = await runConformance({ providers: 'openai', fixtureDir: dir });
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('usage that does not add up', () => {
  it('is usage-inconsistent on its cell, tolerated, with the counts as evidence', () => {
    const result = cell(after, 'openai', 'chat.basic');
    expect(result.outcome).toBe('pass');
    const found = result.diagnostics.find((d) => d.code === 'usage-inconsistent');
    expect(found).toMatchObject({ severity: 'deviation' });
    expect(found?.message).toContain('25 input + 2 output tokens is 27, but the total says 30');
    expect(result.observed?.usage).toMatchObject({ input: 25, output: 2, total: 30 });
    expect(codes(cell(before, 'openai', 'chat.basic'))).not.toContain('usage-inconsistent');
  });
});

describe('a stream that disagrees with the same ask not streamed', () => {
  it('is stream-disagrees on the streamed cell, naming both finish reasons', () => {
    const result = cell(after, 'openai', 'tools.stream');
    expect(result.outcome).toBe('pass');
    const found = result.diagnostics.find((d) => d.code === 'stream-disagrees');
    expect(found?.severity).toBe('deviation');
    expect(found?.message).toContain('(tools.single): finish stop vs tool-calls');
    expect(codes(cell(after, 'openai', 'tools.single'))).not.toContain('stream-disagrees');
    expect(codes(cell(before, 'openai', 'tools.stream'))).not.toContain('stream-disagrees');
  });
});

describe('a tool without parameters called with empty arguments', () => {
  it('is empty-arguments-string on its cell, tolerated (read as {}), with the call as evidence', () => {
    const result = cell(after, 'openai', 'tools.no-args');
    expect(result.outcome).toBe('pass');
    const found = result.diagnostics.find((d) => d.code === 'empty-arguments-string');
    expect(found?.severity).toBe('deviation');
    expect(found?.evidence).toContain('"arguments":""');
    expect(result.observed?.toolCalls).toMatchObject([{ name: 'get_time', arguments: '' }]);
    expect(codes(cell(before, 'openai', 'tools.no-args'))).toEqual([]);
  });
});

describe('two streamed calls under one index, the second without an id', () => {
  it('is parallel-index-collision on its cell, which fails, with the concatenated arguments as evidence', () => {
    const result = cell(after, 'openai', 'tools.stream-parallel');
    expect(result.outcome).toBe('fail');
    const found = result.diagnostics.find((d) => d.code === 'parallel-index-collision');
    expect(found?.severity).toBe('failure');
    expect(found?.evidence).toBe('{"city": "Paris"}{"city": "Tokyo"}');
    expect(codes(cell(before, 'openai', 'tools.stream-parallel'))).toEqual([]);
  });
});

describe('the rest of the matrix', () => {
  it('keeps every status and every finding', () => {
    const broken = new Set(['chat.basic', 'tools.stream', 'tools.no-args', 'tools.stream-parallel']);
    const verdicts = (report: RunReport) =>
      report.cases
        .filter((c) => !broken.has(c.scenario))
        .map((c) => [c.scenario, c.status, c.outcome, codes(c)]);
    expect(after.cases).toHaveLength(before.cases.length);
    expect(verdicts(after)).toEqual(verdicts(before));
  });
});
