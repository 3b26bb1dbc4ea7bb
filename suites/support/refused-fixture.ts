import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { CaseResult } from '../../src/core/case-result.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { RunReport } from '../../src/core/run-report.ts';
import type { Fixture } from '../../src/fixtures/fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';

const SHIPPED = resolve(import.meta.dirname, '..', '..', 'fixtures');

/** A temporary copy of the shipped fixtures, to break one of them. */
export async function copyShippedFixtures(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(SHIPPED, dir, { recursive: true });
  return dir;
}

/** Turns a fixture's first answer into a 400 with this body; a refused first turn has no second. */
export async function refuseFirstExchange(
  dir: string,
  provider: string,
  scenario: string,
  body: unknown,
): Promise<void> {
  const path = join(dir, provider, `${scenario}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const first = fixture.exchanges[0]!;
  first.response.status = 400;
  first.response.chunks = [{ t: first.response.chunks[0]!.t, text: JSON.stringify(body) }];
  fixture.exchanges = [first];
  await writeFile(path, JSON.stringify(fixture));
}

export const cellOf = (report: RunReport, scenario: string) =>
  report.cases.find((c) => c.scenario === scenario) as CaseResult;

/** Each cell's verdict but one scenario's: what a broken fixture must leave as it was. */
export const verdictsExcept = (report: RunReport, scenario: string) =>
  report.cases
    .filter((c) => c.scenario !== scenario)
    .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);

/** One provider's run on the shipped fixtures, and on a copy where one case's first answer is this refusal. */
export async function runWithRefusal(
  provider: string,
  scenario: string,
  body: unknown,
): Promise<{ before: RunReport; after: RunReport }> {
  const dir = await copyShippedFixtures(`llmcompat-${scenario}-`);
  try {
    await refuseFirstExchange(dir, provider, scenario, body);
    const before = await runConformance({ providers: provider });
    const after = await runConformance({ providers: provider, fixtureDir: dir });
    return { before, after };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function expectOtherCellsUnchanged(before: RunReport, after: RunReport, scenario: string): void {
  expect(after.cases).toHaveLength(before.cases.length);
  expect(verdictsExcept(after, scenario)).toEqual(verdictsExcept(before, scenario));
}

/** The cell fails with this one code and nothing else; its diagnostic, for the test to read on. */
export function expectFailsWithOnly(report: RunReport, scenario: string, code: string): Diagnostic {
  const result = cellOf(report, scenario);
  expect(result.outcome).toBe('fail');
  expect(result.diagnostics.map((d) => d.code)).toEqual([code]);
  const [found] = result.diagnostics;
  expect(found?.severity).toBe('failure');
  return found as Diagnostic;
}
