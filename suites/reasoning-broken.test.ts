import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureResponse } from '../src/fixtures/fixture.ts';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectOtherCellsUnchanged,
  runWithBrokenFixture,
} from './support/broken-fixture.ts';

// Ollama's reasoning.basic broken the two ways the sources report reasoning breaking: the thinking written into the
// content inside <think> tags, as Ollama did before `think` (QwenLM/qwen-code#10791 shows the leak), and the thinking
// gone altogether. Each in a fixture set of its own, so that each cell shows its one code.
const SCENARIO = 'reasoning.basic';
let inContent: BrokenFixtureRuns;
let missing: BrokenFixtureRuns;

type OllamaLine = { message?: { content?: string; thinking?: string } };

/** A break of Ollama's reasoning.basic stream: its NDJSON lines rewritten by `edit`. */
const editLines =
  (edit: (lines: OllamaLine[]) => OllamaLine[]) =>
  (response: FixtureResponse): void => {
    const lines = response.chunks.map((chunk) => JSON.parse(chunk.text) as OllamaLine);
    expect(lines.some((line) => line.message?.thinking)).toBe(true);
    response.chunks = edit(lines).map((line, i) => ({
      t: (response.chunks[0]?.t ?? 0) + i,
      text: `${JSON.stringify(line)}\n`,
    }));
  };

beforeAll(async () => {
  inContent = await runWithBrokenFixture(
    'ollama',
    SCENARIO,
    editLines((lines) => {
      const thinking = lines.filter((line) => line.message?.thinking);
      return lines.map((line) => {
        if (!line.message?.thinking) return line;
        const first = line === thinking[0] ? '<think>' : '';
        const last = line === thinking.at(-1) ? '</think>\n\n' : '';
        return { ...line, message: { content: `${first}${line.message.thinking}${last}` } };
      });
    }),
  );
  missing = await runWithBrokenFixture(
    'ollama',
    SCENARIO,
    editLines((lines) => lines.filter((line) => !line.message?.thinking)),
  );
}, 60_000);
afterAll(async () => {
  await inContent?.remove();
  await missing?.remove();
});

describe('reasoning broken in a fixture', () => {
  it('thinking inside <think> tags in the text is reasoning-in-content, the text as evidence', () => {
    const result = cellOf(inContent.after, SCENARIO);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.filter((d) => d.severity === 'failure').map((d) => d.code)).toEqual([
      'reasoning-in-content',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'reasoning-in-content')?.evidence).toMatch(
      /^<think>17 ×/,
    );
    expect(cellOf(inContent.before, SCENARIO).outcome).toBe('pass');
  });

  it('no thinking and no reasoning tokens is reasoning-missing, naming how to choose a reasoning model', () => {
    const result = cellOf(missing.after, SCENARIO);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.filter((d) => d.severity === 'failure').map((d) => d.code)).toEqual([
      'reasoning-missing',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'reasoning-missing')?.message).toContain(
      '--model <provider>/reasoning=<model>',
    );
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(inContent, SCENARIO);
    expectOtherCellsUnchanged(missing, SCENARIO);
  });
});
