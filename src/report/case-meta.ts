import type { CaseResult } from '../runner/case-result.ts';

// Each conformance test carries its CaseResult in vitest's task meta; the matrix reporter reads it back.
declare module 'vitest' {
  interface TaskMeta {
    llmcompat?: CaseResult;
  }
}
