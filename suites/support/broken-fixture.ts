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

/** What both runs cover: by default the provider's default matrix. */
export interface BrokenFixtureScope {
  providers?: readonly string[];
  scenarios?: string;
  /** The broken run's config: an adapter standing in for a client that breaks the request as the fixture records it. */
  config?: LlmcompatConfig;
}

/** A break: rewrites a fixture's first response (and the fixture, for a break that changes the exchanges after it). */
export type BreakAnswer = (response: FixtureResponse, fixture: Fixture) => void;

/** Copies the shipped fixtures, breaks each `<provider>/<scenario>` named in `breaks`, runs both sets. */
export async function runWithBrokenFixtures(
  provider: string,
  breaks: Record<string, BreakAnswer>,
  scope: BrokenFixtureScope = {},
): Promise<BrokenFixtureRuns> {
  const dir = await mkdtemp(join(tmpdir(), `llmcompat-${provider}-broken-`));
  await cp(SHIPPED, dir, { recursive: true });
  for (const [scenario, breakAnswer] of Object.entries(breaks)) {
    const path = join(dir, provider, `${scenario}.json`);
    const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
    const [first] = fixture.exchanges;
    if (!first) throw new Error(`${provider}/${scenario} has no exchange to break`);
    breakAnswer(first.response, fixture);
    await writeFile(path, JSON.stringify(fixture));
  }
  const runs = {
    providers: scope.providers ?? provider,
    ...(scope.scenarios === undefined ? {} : { scenarios: scope.scenarios }),
  };
  const before = await runConformance(runs);
  const after = await runConformance({
    ...runs,
    fixtureDir: dir,
    ...(scope.config === undefined ? {} : { config: scope.config }),
  });
  return { before, after, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The same, for one broken fixture. */
export function runWithBrokenFixture(
  provider: string,
  scenario: string,
  breakAnswer: BreakAnswer,
  scope: BrokenFixtureScope = {},
): Promise<BrokenFixtureRuns> {
  return runWithBrokenFixtures(provider, { [scenario]: breakAnswer }, scope);
}

/** A break: `from` (which must be in the answer) becomes `to`, the answer then sent as one chunk. */
export const replacedInBody =
  (from: string, to: string): BreakAnswer =>
  (response) => {
    const body = response.chunks.map((chunk) => chunk.text).join('');
    expect(body).toContain(from);
    response.chunks = [{ t: response.chunks[0]?.t ?? 0, text: body.replace(from, to) }];
  };

/** The cell of `scenario` (of `provider`, in runs over several). */
export const cellOf = (report: RunReport, scenario: string, provider?: string) =>
  report.cases.find(
    (c) => c.scenario === scenario && (provider === undefined || c.provider === provider),
  ) as CaseResult;

/**
 * Every cell but the broken ones (of `provider`, in runs over several), as what a break must leave alone: status,
 * outcome and diagnostic codes.
 */
export const verdictsBesides = (report: RunReport, broken: string | readonly string[], provider?: string) => {
  const scenarios: readonly string[] = typeof broken === 'string' ? [broken] : broken;
  return report.cases
    .filter((c) => !scenarios.includes(c.scenario) || (provider !== undefined && c.provider !== provider))
    .map((c) => [c.provider, c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);
};

/** A break: the first answer becomes a 400 with this body, and a refused first turn has no second. */
export const refusedWith =
  (body: unknown): BreakAnswer =>
  (response, fixture) => {
    response.status = 400;
    response.chunks = [{ t: response.chunks[0]?.t ?? 0, text: JSON.stringify(body) }];
    fixture.exchanges = fixture.exchanges.slice(0, 1);
  };

/** The cell fails with this one code and nothing else; its diagnostic, for the test to read on. */
export function expectFailsWithOnly(
  report: RunReport,
  scenario: string,
  code: string,
  provider?: string,
): Diagnostic {
  const result = cellOf(report, scenario, provider);
  expect(result.outcome).toBe('fail');
  expect(result.diagnostics.map((d) => d.code)).toEqual([code]);
  const [found] = result.diagnostics;
  expect(found?.severity).toBe('failure');
  return found as Diagnostic;
}

/** Every cell but the broken ones keeps its verdict. */
export function expectOtherCellsUnchanged(
  runs: Pick<BrokenFixtureRuns, 'before' | 'after'>,
  broken: string | readonly string[],
  provider?: string,
): void {
  expect(runs.after.cases).toHaveLength(runs.before.cases.length);
  expect(verdictsBesides(runs.after, broken, provider)).toEqual(
    verdictsBesides(runs.before, broken, provider),
  );
}

/** One break of a fixture, and the one failure it must produce. */
export interface FixtureBreak {
  provider: string;
  scenario: string;
  code: string;
  breakAnswer: BreakAnswer;
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
    const scope = broken.config === undefined ? {} : { config: broken.config };
    runs = await runWithBrokenFixture(provider, scenario, broken.breakAnswer, scope);
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
