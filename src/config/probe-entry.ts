import { CAPABILITY_IDS, type Capability } from '../core/capabilities.ts';
import type { CaseResult } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';
import type { ProviderDefinition } from './config.ts';
import { PROVIDER_ID } from './config-values.ts';

const REASON_LIMIT = 300;

export interface ProbeOutcome {
  /** Capabilities that failed on some scenario, each with what failed: the entry's `gaps`. */
  gaps: Partial<Record<Capability, string>>;
  /** Capabilities every scenario of which passed (every attempt, with --repeat). */
  passed: Capability[];
  /** Capabilities with a case the harness could not judge (timeouts, unreachable): worth probing again. */
  errored: Capability[];
}

function cut(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > REASON_LIMIT ? `${oneLine.slice(0, REASON_LIMIT - 1)}…` : oneLine;
}

/** Why one case did not pass, in one line: the scenario, the diagnostic that failed, pass^k with --repeat. */
export function caseReason(result: CaseResult): string {
  const cause = result.diagnostics.find((d) => d.severity === 'failure' && d.code !== 'flaky');
  let what: string;
  if (result.status === 'error')
    what = `error — ${result.reason ?? cause?.message ?? 'the harness could not judge'}`;
  else if (result.status === 'skipped') what = `skipped — ${result.reason ?? 'not run'}`;
  else if (cause) what = `${cause.code} — ${cause.message}`;
  else what = `fail — ${result.reason ?? 'failed without a diagnostic'}`;
  const attempts = result.attempts;
  const k =
    attempts && attempts.total > 1
      ? ` (pass^${attempts.total} = 0: ${attempts.passed} of ${attempts.total} attempts passed)`
      : '';
  return cut(`${result.scenario}: ${what}${k}`);
}

/** What a probe run observed of one provider, capability by capability. */
export function probeOutcome(report: RunReport, providerId: string): ProbeOutcome {
  const outcome: ProbeOutcome = { gaps: {}, passed: [], errored: [] };
  for (const capability of CAPABILITY_IDS) {
    const cases = report.cases.filter((c) => c.provider === providerId && c.capability === capability);
    if (cases.length === 0) continue;
    const missed = cases.filter((c) => c.status !== 'pass');
    if (missed.length === 0) outcome.passed.push(capability);
    else outcome.gaps[capability] = missed.map(caseReason).join('; ');
    if (cases.some((c) => c.status === 'error')) outcome.errored.push(capability);
  }
  return outcome;
}

/** A TypeScript string literal in the project's style (single quotes). */
export function tsString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${escaped}'`;
}

const propertyKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsString(key));

/**
 * The provider as an entry of `providers` in llmcompat.config.ts, indented for that place (four spaces), with
 * comment lines above it.
 */
export function renderProviderEntry(
  id: string,
  definition: ProviderDefinition,
  comments: readonly string[] = [],
): string {
  if (!PROVIDER_ID.test(id)) throw new Error(`'${id}' cannot be a provider id`);
  const lines = comments.map((comment) => `    // ${comment}`);
  lines.push(`    ${propertyKey(id)}: {`);
  const field = (name: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`      ${name}: ${tsString(value)},`);
  };
  field('name', definition.name);
  field('protocol', definition.protocol);
  field('baseUrl', definition.baseUrl);
  field('keyEnv', definition.keyEnv);
  field('model', definition.model);
  const models = Object.entries(definition.models ?? {});
  if (models.length > 0) {
    const pairs = models.map(([capability, model]) => `${propertyKey(capability)}: ${tsString(model)}`);
    lines.push(`      models: { ${pairs.join(', ')} },`);
  }
  const gaps = Object.entries(definition.gaps ?? {});
  if (gaps.length === 0) lines.push('      gaps: {},');
  else {
    lines.push('      gaps: {');
    for (const [capability, reason] of gaps)
      lines.push(`        ${propertyKey(capability)}: ${tsString(reason)},`);
    lines.push('      },');
  }
  if (definition.quirks?.noStreamOptions) lines.push('      quirks: { noStreamOptions: true },');
  lines.push('    },');
  return lines.join('\n');
}
