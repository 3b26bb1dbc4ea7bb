import { checkStreamAgreement } from '../checks/check-stream-agreement.ts';
import type { CaseResult } from '../core/case-result.ts';
import { ALL_SCENARIOS } from '../scenarios/all-scenarios.ts';

/** Streamed scenario id → the id of its non-streamed form. */
const STREAM_OF = new Map(ALL_SCENARIOS.flatMap((s) => (s.streamOf ? [[s.id, s.streamOf] as const] : [])));

// A failing cell's own findings already say what is wrong with its answer: only two passing answers are compared.
const passed = (result: CaseResult | undefined) =>
  result?.status === 'pass' && result.observed?.finish !== undefined;

/**
 * The rule across cases: a streamed case whose scenario is the stream of another (`streamOf`) is judged against the
 * provider's non-streamed case, once both have passed. A disagreement is added to the streamed case, as a new
 * result (the cases given are not changed); a case already judged is left as it is.
 */
export function judgeStreamPairs(cases: readonly CaseResult[]): CaseResult[] {
  const byKey = new Map(cases.map((c) => [`${c.provider}\u0000${c.scenario}`, c]));
  return cases.map((streamed) => {
    const wholeId = STREAM_OF.get(streamed.scenario);
    if (!wholeId || streamed.diagnostics.some((d) => d.code === 'stream-disagrees')) return streamed;
    const whole = byKey.get(`${streamed.provider}\u0000${wholeId}`);
    if (!passed(streamed) || !passed(whole) || !streamed.observed || !whole?.observed) return streamed;
    const disagreement = checkStreamAgreement(streamed.observed, whole.observed, wholeId);
    return disagreement ? { ...streamed, diagnostics: [...streamed.diagnostics, disagreement] } : streamed;
  });
}
