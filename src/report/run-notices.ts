import type { CaseResult } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';

// What a run must say in one line beside its matrix, so that nobody reads a green exit as "tested and fine".

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The error code and host of a connection failure, when the message names them (`ENOTFOUND api.openai.com`). */
function connectionFailure(message: string): string {
  const code = /\b(E[A-Z]{2,}[A-Z_]*)\b(?:\s+([\w.-]+\.[a-z]{2,}|\d+\.\d+\.\d+\.\d+(?::\d+)?))?/.exec(
    message,
  );
  if (code) return code[2] ? `${code[1]} ${code[2]}` : (code[1] as string);
  return message.length > 80 ? `${message.slice(0, 79)}…` : message;
}

const isNetworkError = (c: CaseResult) =>
  c.status === 'error' && c.diagnostics.some((d) => d.code === 'network-error');

/**
 * One line per provider that answered none of its cases because the network never reached it:
 * `openai: not reachable (ENOTFOUND api.openai.com) — 14 cases not judged`.
 */
export function unreachableNotices(report: RunReport): string[] {
  const notices: string[] = [];
  for (const { id } of report.providers) {
    const ran = report.cases.filter((c) => c.provider === id && c.status !== 'skipped');
    if (ran.length === 0 || !ran.every(isNetworkError)) continue;
    const message = ran[0]?.diagnostics.find((d) => d.code === 'network-error')?.message ?? '';
    notices.push(
      `${id}: not reachable (${connectionFailure(message)}) — ${plural(ran.length, 'case')} not judged`,
    );
  }
  return notices;
}

/** Skip reasons, with the missing key variables folded into one clause. */
function skipReasons(skipped: readonly CaseResult[]): string {
  const keys = new Set<string>();
  const others = new Map<string, Set<string>>();
  for (const c of skipped) {
    const reason = c.reason ?? 'skipped';
    const key = /^no ([A-Z][A-Z0-9_]*)$/.exec(reason)?.[1];
    if (key) keys.add(key);
    else others.set(reason, (others.get(reason) ?? new Set()).add(c.provider));
  }
  const clauses: string[] = [];
  if (keys.size > 0) {
    clauses.push(
      `no key for any selected provider that needs one: set ${[...keys].join(', ')} in .env or the environment`,
    );
  }
  for (const [reason, providers] of others) clauses.push(`${[...providers].join(', ')}: ${reason}`);
  return clauses.join('; ');
}

/** Why a run tested nothing at all (every case skipped), or undefined when it tested something. */
export function nothingTestedNotice(report: RunReport): string | undefined {
  if (report.cases.length === 0 || report.cases.some((c) => c.status !== 'skipped')) return undefined;
  const offline = report.run.mode === 'recorded' ? '' : ' (recorded mode, the default, needs no key)';
  const count = report.cases.length === 1 ? 'the one case was' : `all ${report.cases.length} cases were`;
  return `nothing was tested: ${count} skipped — ${skipReasons(report.cases)}${offline}`;
}

/** Why a record run wrote no fixture, or undefined when it wrote some (or is not a record run). */
export function nothingRecordedNotice(report: RunReport): string | undefined {
  if (report.run.mode !== 'record' || report.cases.some((c) => c.recordedTo !== undefined)) return undefined;
  const skipped = report.cases.filter((c) => c.status === 'skipped');
  const why =
    skipped.length === report.cases.length && skipped.length > 0
      ? skipReasons(skipped)
      : 'no case completed a recordable exchange (see the footnotes above)';
  return `nothing was recorded: ${why}; the fixtures are unchanged`;
}
