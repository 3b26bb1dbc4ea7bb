import { PROVIDERS, type ProviderEntry } from '../catalog/providers.ts';
import type { CaseResult } from '../core/case-result.ts';
import { RUN_REPORT_SCHEMA_VERSION, type RunReport } from '../core/run-report.ts';
import { summarize } from '../core/summarize.ts';
import { ALL_SCENARIOS } from '../scenarios/all-scenarios.ts';
import { judgeStreamPairs } from './judge-stream-pairs.ts';

export interface RunFacts {
  mode: RunReport['run']['mode'];
  startedAt: Date;
  finishedAt: Date;
  complete: boolean;
  version: string;
  /** How many cases the run selected: a report holding fewer is partial. */
  selected?: number;
  /** The run's providers (the catalog's and the config's own, overrides applied), for names and protocols. */
  providers?: readonly ProviderEntry[];
  /** The external client the cases ran through, if any. */
  client?: { name: string; version: string };
}

/**
 * Orders the cases as the catalog and scenario list do, judges the rules across cases (a stream against its
 * non-streamed ask), and adds what a reader needs to interpret them.
 */
export function buildRunReport(cases: readonly CaseResult[], facts: RunFacts): RunReport {
  const providerOrder = PROVIDERS.map((p) => p.id);
  const scenarioOrder = ALL_SCENARIOS.map((s) => s.id);
  const rank = (order: string[], id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? order.length : i;
  };
  const sorted = judgeStreamPairs(cases).sort(
    (a, b) =>
      rank(providerOrder, a.provider) - rank(providerOrder, b.provider) ||
      a.provider.localeCompare(b.provider) ||
      rank(scenarioOrder, a.scenario) - rank(scenarioOrder, b.scenario),
  );
  const providerIds = [...new Set(sorted.map((c) => c.provider))];
  const scenarioIds = new Set(sorted.map((c) => c.scenario));
  return {
    schema: RUN_REPORT_SCHEMA_VERSION,
    kind: 'conformance',
    tool: { name: 'llmcompat', version: facts.version },
    run: {
      mode: facts.mode,
      startedAt: facts.startedAt.toISOString(),
      finishedAt: facts.finishedAt.toISOString(),
      durationMs: facts.finishedAt.getTime() - facts.startedAt.getTime(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      complete: facts.complete,
      ...(facts.selected === undefined ? {} : { selected: facts.selected }),
      ...(facts.client ? { client: { name: facts.client.name, version: facts.client.version } } : {}),
    },
    providers: providerIds.map((id) => {
      const entry = facts.providers?.find((p) => p.id === id) ?? PROVIDERS.find((p) => p.id === id);
      const model = sorted.find((c) => c.provider === id && c.scenario !== 'errors.unknown-model')?.model;
      return {
        id,
        name: entry?.name ?? id,
        protocol: entry?.protocol ?? 'unknown',
        model: model ?? entry?.defaultModel ?? '',
      };
    }),
    scenarios: ALL_SCENARIOS.filter((s) => scenarioIds.has(s.id)).map((s) => ({
      id: s.id,
      capability: s.capability,
      title: s.title,
    })),
    cases: sorted,
    summary: summarize(sorted),
  };
}
