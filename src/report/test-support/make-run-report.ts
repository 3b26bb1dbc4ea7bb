import type { Capability } from '../../core/capabilities.ts';
import { type CaseResult, type CaseStatus, outcomeOf } from '../../core/case-result.ts';
import { deviation, failure } from '../../core/diagnostic.ts';
import { RUN_REPORT_SCHEMA_VERSION, type RunReport } from '../../core/run-report.ts';
import { summarize } from '../../core/summarize.ts';

/** For tests of the renderers: a case with the outcome derived from status and declaration, as the runner does. */
export function makeCase(
  fields: Pick<CaseResult, 'provider' | 'scenario'> & Partial<CaseResult> & { status: CaseStatus },
): CaseResult {
  const declared = fields.declared ?? true;
  return {
    capability: 'chat',
    model: 'model-x',
    mode: 'recorded',
    diagnostics: [],
    timings: { totalMs: 10 },
    ...fields,
    declared,
    outcome: fields.outcome ?? outcomeOf(fields.status, declared),
  };
}

/** For tests: a report over these cases, providers and scenarios in order of first appearance. */
export function makeRunReport(cases: CaseResult[], run: Partial<RunReport['run']> = {}): RunReport {
  const providers = [...new Map(cases.map((c) => [c.provider, c.model])).entries()].map(([id, model]) => ({
    id,
    name: id,
    protocol: 'openai-chat',
    model,
  }));
  const scenarios = [
    ...new Map(cases.map((c): [string, Capability] => [c.scenario, c.capability])).entries(),
  ].map(([id, capability]) => ({ id, capability, title: `title of ${id}` }));
  return {
    schema: RUN_REPORT_SCHEMA_VERSION,
    kind: 'conformance',
    tool: { name: 'llmcompat', version: '0.1.0' },
    run: {
      mode: 'recorded',
      startedAt: '2025-06-01T10:00:00.000Z',
      finishedAt: '2025-06-01T10:00:12.345Z',
      durationMs: 12_345,
      node: 'v24.1.0',
      platform: 'linux-x64',
      complete: true,
      ...run,
    },
    providers,
    scenarios,
    cases,
    summary: summarize(cases),
  };
}

/**
 * For tests: three providers × four scenarios with every outcome. Footnotes, numbered section by section:
 * [1] openai › tools.stream fail, [2] openai › errors.auth error, [3] anthropic › output.json-schema unexpected pass,
 * [4] together › tools.stream known gap, [5] openai › output.json-schema deviation, [6] together skipped (2 cells).
 * anthropic › errors.auth has no result.
 */
export function everyOutcomeReport(): RunReport {
  const skip = 'TOGETHER_API_KEY is not set';
  return makeRunReport([
    makeCase({ provider: 'openai', model: 'gpt-4o', scenario: 'chat.basic', status: 'pass' }),
    makeCase({
      provider: 'openai',
      model: 'gpt-4o',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'fail',
      diagnostics: [
        failure(
          'missing-index',
          'a tool_calls delta has no index: arguments cannot be assembled',
          '{"delta":{}}',
        ),
      ],
    }),
    makeCase({
      provider: 'openai',
      model: 'gpt-4o',
      scenario: 'output.json-schema',
      capability: 'structured-output',
      status: 'pass',
      diagnostics: [deviation('no-done-sentinel', 'the stream ended without [DONE]', 'data: {"done":true}')],
    }),
    makeCase({
      provider: 'openai',
      model: 'gpt-4o',
      scenario: 'errors.auth',
      capability: 'auth-errors',
      status: 'error',
      reason: 'fixture not found: openai/errors.auth.json',
    }),
    makeCase({ provider: 'together', model: 'llama-3b', scenario: 'chat.basic', status: 'pass' }),
    makeCase({
      provider: 'together',
      model: 'llama-3b',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'fail',
      declared: false,
      gapReason: 'tool calls arrive as <|python_tag|> text',
      diagnostics: [
        failure(
          'tool-call-as-text',
          'the tool call came back as text',
          '<|python_tag|>{"name": "get_weather"}',
        ),
      ],
    }),
    makeCase({
      provider: 'together',
      model: 'llama-3b',
      scenario: 'output.json-schema',
      capability: 'structured-output',
      status: 'skipped',
      reason: skip,
    }),
    makeCase({
      provider: 'together',
      model: 'llama-3b',
      scenario: 'errors.auth',
      capability: 'auth-errors',
      status: 'skipped',
      reason: skip,
    }),
    makeCase({ provider: 'anthropic', model: 'claude', scenario: 'chat.basic', status: 'pass' }),
    makeCase({
      provider: 'anthropic',
      model: 'claude',
      scenario: 'tools.stream',
      capability: 'tool-streaming',
      status: 'pass',
    }),
    makeCase({
      provider: 'anthropic',
      model: 'claude',
      scenario: 'output.json-schema',
      capability: 'structured-output',
      status: 'pass',
      declared: false,
      gapReason: 'no JSON-schema output mode',
    }),
  ]);
}
