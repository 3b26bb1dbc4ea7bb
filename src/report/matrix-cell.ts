import type { CaseResult } from '../core/case-result.ts';

/** What a cell shows: its outcome, with a pass that carries tolerated deviations told apart. */
export type CellMark =
  | 'pass'
  | 'deviation'
  | 'fail'
  | 'known-gap'
  | 'unexpected-pass'
  | 'skipped'
  | 'error'
  | 'missing';

export const CELL_SYMBOLS: Readonly<Record<CellMark, string>> = {
  pass: '✓',
  deviation: '✓*',
  fail: '✗',
  'known-gap': '✗ᵏ',
  'unexpected-pass': '✓!',
  skipped: '–',
  error: 'E',
  missing: '·',
};

export const LEGEND: readonly { mark: CellMark; meaning: string }[] = [
  { mark: 'pass', meaning: 'pass' },
  { mark: 'deviation', meaning: 'pass, with tolerated deviations' },
  { mark: 'fail', meaning: "fail on a declared capability, or a client's own fault (fails CI)" },
  { mark: 'known-gap', meaning: 'known gap: fails, but the catalog does not declare it (CI stays green)' },
  { mark: 'unexpected-pass', meaning: "unexpected pass: the catalog says it can't (news)" },
  { mark: 'skipped', meaning: 'skipped' },
  { mark: 'error', meaning: 'error: the harness could not judge (fails CI)' },
  { mark: 'missing', meaning: 'no result' },
];

export interface MatrixCell {
  mark: CellMark;
  symbol: string;
  footnote?: number;
  result?: CaseResult;
  /** Fault cells: the classification the harness made (`rate-limited`, `no fault`). */
  label?: string;
}
