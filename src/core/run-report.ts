import type { CaseResult } from './case-result.ts';

/** 2: every case carries `observed`, what the provider answered. */
export const RUN_REPORT_SCHEMA_VERSION = 2;

/** The schemas `compare` and `report` read: a schema 1 report is a schema 2 one without `observed`. */
export const READABLE_RUN_REPORT_SCHEMAS: readonly number[] = [1, RUN_REPORT_SCHEMA_VERSION];

export interface RunReport {
  schema: 1 | typeof RUN_REPORT_SCHEMA_VERSION;
  kind: 'conformance';
  tool: { name: 'llmcompat'; version: string };
  run: {
    mode: 'recorded' | 'live' | 'record';
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    node: string;
    platform: string;
    /** False when the run was interrupted before every case finished. */
    complete: boolean;
    /** How many cases the run selected (absent in reports of llmcompat ≤ 0.1.0): fewer cases means partial. */
    selected?: number;
    /** Cost of the whole process, start-up included, when the run had a process to itself (the CLI). */
    resources?: { processWallMs: number; peakRssMb: number };
    /** The external client the cases ran through (`--client`), as selected and as its `hello` gave its version. */
    client?: { name: string; version: string };
  };
  providers: { id: string; name: string; protocol: string; model: string }[];
  scenarios: { id: string; capability: string; title: string }[];
  cases: CaseResult[];
  summary: Record<CaseResult['outcome'], number>;
}
