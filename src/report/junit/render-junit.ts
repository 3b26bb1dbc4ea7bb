import type { CaseResult } from '../../core/case-result.ts';
import { trimEvidence } from '../../core/diagnostic.ts';
import type { RunReport } from '../../core/run-report.ts';
import { printable } from '../printable.ts';

// Characters XML 1.0 allows: tab, LF, CR, and the Unicode ranges below; everything else (NUL, ESC, lone
// surrogates, U+FFFE/U+FFFF) makes a parser reject the whole file, so it is shown as a visible escape instead.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function visibleEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text content: markup characters as entities, characters XML cannot hold as visible escapes. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML_CHAR, visibleEscape)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value: as text, plus quotes, and whitespace a parser would otherwise normalize to spaces. */
export function xmlAttribute(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

/** JUnit's timestamp has no zone and no fraction; ours are UTC. */
const junitTimestamp = (iso: string) => iso.slice(0, 19);

const SEVERITY_ORDER = { failure: 0, deviation: 1, info: 2 } as const;

/** Every finding of a case, one per line with its evidence: the body of a failure, or the note on a pass. */
function findings(result: CaseResult): string[] {
  const lines: string[] = [];
  if (result.reason) lines.push(result.reason);
  for (const d of [...result.diagnostics].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  )) {
    lines.push(`[${d.severity}] ${d.code}: ${d.message}`);
    if (d.evidence) lines.push(`  evidence: ${trimEvidence(d.evidence)}`);
  }
  if (result.attempts) lines.push(`attempts: ${result.attempts.passed} of ${result.attempts.total} passed`);
  return lines;
}

/** The one-line message of a failing case: its reason, or its first failure. */
function failureMessage(result: CaseResult): { message: string; type: string } {
  const first = result.diagnostics.find((d) => d.severity === 'failure');
  if (result.outcome === 'error' || !first) {
    return {
      message: result.reason ?? first?.message ?? `${result.outcome} without a diagnostic`,
      type: first?.code ?? result.outcome,
    };
  }
  return { message: `${first.code}: ${first.message}`, type: first.code };
}

function testcase(result: CaseResult): string {
  const open = `    <testcase${attributes({
    name: `${result.provider} › ${result.scenario}`,
    classname: result.provider,
    time: seconds(result.timings.totalMs),
  })}`;
  const body: string[] = [];
  const out = (lines: string[]) => {
    if (lines.length > 0) body.push(`      <system-out>${xmlText(lines.join('\n'))}</system-out>`);
  };
  switch (result.outcome) {
    case 'fail':
    case 'error': {
      // `<error>` for a case the harness could not judge, `<failure>` for a verdict: every CI counts both as red.
      const element = result.outcome === 'error' ? 'error' : 'failure';
      const { message, type } = failureMessage(result);
      body.push(
        `      <${element}${attributes({ message: printable(message), type })}>${xmlText(findings(result).join('\n'))}</${element}>`,
      );
      break;
    }
    case 'known-gap':
      // A known gap ran and failed as the catalog expects: like pytest's xfail, JUnit gets it as a skip with the
      // reason, so every CI lists it (with why) without turning red, and it is not counted as a pass.
      body.push(
        `      <skipped${attributes({ message: printable(`known gap: ${result.gapReason ?? 'not declared'}`) })}/>`,
      );
      out(findings(result));
      break;
    case 'skipped':
      body.push(`      <skipped${attributes({ message: printable(result.reason ?? 'skipped') })}/>`);
      break;
    case 'unexpected-pass':
      out([
        `unexpected pass: the catalog says this provider lacks it${result.gapReason ? ` (${result.gapReason})` : ''}; update the catalog`,
        ...findings(result),
      ]);
      break;
    case 'pass':
      out(
        result.diagnostics.length > 0
          ? ['passed, with tolerated deviations or notes:', ...findings(result)]
          : [],
      );
      break;
  }
  return body.length === 0 ? `${open}/>` : [`${open}>`, ...body, '    </testcase>'].join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

function countsOf(cases: readonly CaseResult[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === 'fail').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
    skipped: cases.filter((c) => c.outcome === 'skipped' || c.outcome === 'known-gap').length,
    timeMs: cases.reduce((sum, c) => sum + (c.timings.totalMs ?? 0), 0),
  };
}

/**
 * The run as JUnit XML, which every CI can show per case: one `<testsuite>` per provider, one `<testcase>` per
 * scenario named `provider › scenario`. fail → `<failure>`, error → `<error>` (message: the first failure or the
 * reason; body: every diagnostic with its evidence), known gap → `<skipped message="known gap: …">` plus the
 * diagnostics in `<system-out>`, skipped → `<skipped>`, unexpected pass and tolerated deviations → a passing case
 * with a `<system-out>` note.
 */
export function renderJunit(report: RunReport): string {
  const byProvider = new Map<string, CaseResult[]>();
  for (const result of report.cases) {
    const list = byProvider.get(result.provider) ?? [];
    list.push(result);
    byProvider.set(result.provider, list);
  }
  const total = countsOf(report.cases);
  const timestamp = junitTimestamp(report.run.startedAt);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({
      name: `llmcompat conformance (${report.run.mode})`,
      tests: total.tests,
      failures: total.failures,
      errors: total.errors,
      skipped: total.skipped,
      time: seconds(report.run.durationMs),
      timestamp,
    })}>`,
  ];
  for (const [provider, cases] of byProvider) {
    const counts = countsOf(cases);
    const facts = report.providers.find((p) => p.id === provider);
    out.push(
      `  <testsuite${attributes({
        name: provider,
        tests: counts.tests,
        failures: counts.failures,
        errors: counts.errors,
        skipped: counts.skipped,
        time: seconds(counts.timeMs),
        timestamp,
      })}>`,
      '    <properties>',
      ...[
        ['model', facts?.model ?? cases[0]?.model ?? ''],
        ['protocol', facts?.protocol ?? ''],
        ['mode', report.run.mode],
        ['llmcompat', report.tool.version],
      ].map(([name, value]) => `      <property${attributes({ name, value })}/>`),
      '    </properties>',
      ...cases.map(testcase),
      '  </testsuite>',
    );
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
