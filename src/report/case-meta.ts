import type { CaseResult } from '../core/case-result.ts';

// Each conformance test carries its CaseResult in vitest's task meta; the matrix reporter reads it back.
declare module 'vitest' {
  interface TaskMeta {
    llmcompat?: CaseResult;
  }
}

/**
 * The reason a conformance test's result holds until its case finishes: if vitest ends the test first (its own
 * timeout, a throw outside the case), the matrix still has the cell, as an error naming what vitest said.
 */
export const UNFINISHED_CASE = 'the case did not finish: vitest ended the test';
