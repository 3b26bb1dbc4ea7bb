import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmcompatConfig } from '../../src/config/config.ts';
import type { CaseResult } from '../../src/core/case-result.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { RunReport } from '../../src/core/run-report.ts';
import type { Fixture, FixtureResponse } from '../../src/fixtures/fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';

const SHIPPED = resolve(import.meta.dirname, '..', '..', 'fixtures');

/** One provider's matrix over the shipped fixtures, and over a copy where one fixture's first answer is broken. */
export interface BrokenFixtureRuns {
  before: RunReport;
  after: RunReport;
  /** Removes the copy. */
  remove(): Promise<void>;
}

/**
 * Copies the shipped fixtures, lets `breakAnswer` rewrite `<provider>/<scenario>`'s first response (the fixture too,
 * for a break that changes the exchanges after it), runs both; the broken run with `config` where one is given (an
 * adapter standing in for a client that breaks the request the way the fixture now records it).
 */
export async function runWithBrokenFixture(
  provider: string,
  scenario: string,
  breakAnswer: (response: FixtureResponse, fixture: Fixture) => void,
  config?: LlmcompatConfig,
): Promise<BrokenFixtureRuns> {
  const dir = await mkdtemp(join(tmpdir(), `llmcompat-${scenario}-`));
  await cp(SHIPPED, dir, { recursive: true });
  const path = join(dir, provider, `${scenario}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const [first] = fixture.exchanges;
  if (!first) throw new Error(`${provider}/${scenario} has no exchange to break`);
  breakAnswer(first.response, fixture);
  await writeFile(path, JSON.stringify(fixture));
  const before = await runConformance({ providers: provider });
  const after = await runConformance({
    providers: provider,
    fixtureDir: dir,
    ...(config === undefined ? {} : { config }),
  });
  return { before, after, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const cellOf = (report: RunReport, scenario: string) =>
  report.cases.find((c) => c.scenario === scenario) as CaseResult;

/** Every cell but `scenario`'s, as what a break must leave alone: status, outcome and diagnostic codes. */
export const verdictsBesides = (report: RunReport, scenario: string) =>
  report.cases
    .filter((c) => c.scenario !== scenario)
    .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);

/** A break: the first answer becomes a 400 with this body, and a refused first turn has no second. */
export const refusedWith =
  (body: unknown) =>
  (response: FixtureResponse, fixture: Fixture): void => {
    response.status = 400;
    response.chunks = [{ t: response.chunks[0]?.t ?? 0, text: JSON.stringify(body) }];
    fixture.exchanges = fixture.exchanges.slice(0, 1);
  };

/** The cell fails with this one code and nothing else; its diagnostic, for the test to read on. */
export function expectFailsWithOnly(report: RunReport, scenario: string, code: string): Diagnostic {
  const result = cellOf(report, scenario);
  expect(result.outcome).toBe('fail');
  expect(result.diagnostics.map((d) => d.code)).toEqual([code]);
  const [found] = result.diagnostics;
  expect(found?.severity).toBe('failure');
  return found as Diagnostic;
}

/** Every cell but the broken one keeps its verdict. */
export function expectOtherCellsUnchanged(
  runs: Pick<BrokenFixtureRuns, 'before' | 'after'>,
  scenario: string,
): void {
  expect(runs.after.cases).toHaveLength(runs.before.cases.length);
  expect(verdictsBesides(runs.after, scenario)).toEqual(verdictsBesides(runs.before, scenario));
}

/** One break of a fixture, and the one failure it must produce. */
export interface FixtureBreak {
  provider: string;
  scenario: string;
  code: string;
  breakAnswer: (response: FixtureResponse, fixture: Fixture) => void;
  config?: LlmcompatConfig;
}

/**
 * The suite of a break: the broken cell fails with only `code` (its diagnostic read on by `about`) and passed before
 * the break; every other cell keeps its verdict.
 */
export function describeBreak(title: string, broken: FixtureBreak, about: (found: Diagnostic) => void): void {
  const { provider, scenario, code } = broken;
  let runs: BrokenFixtureRuns;
  beforeAll(async () => {
    runs = await runWithBrokenFixture(provider, scenario, broken.breakAnswer, broken.config);
  }, 60_000);
  afterAll(async () => {
    await runs?.remove();
  });
  describe(title, () => {
    it(`is ${code} on its cell, which fails`, () => {
      about(expectFailsWithOnly(runs.after, scenario, code));
      expect(cellOf(runs.before, scenario).outcome).toBe('pass');
    });
    it('leaves every other cell as it was', () => {
      expectOtherCellsUnchanged(runs, scenario);
    });
  });
}
