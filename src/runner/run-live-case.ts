import { modelFor } from '../catalog/catalog.ts';
import type { ProviderEntry } from '../catalog/providers.ts';
import { type CaseResult, combineAttempts, outcomeOf } from '../core/case-result.ts';
import { failure } from '../core/diagnostic.ts';
import { fixtureFromExchanges, writeFixture } from '../fixtures/record-fixture.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import { keyFor } from '../secrets/provider-keys.ts';
import { createRedactor } from '../secrets/redact-secrets.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../wire/limit-response-size.ts';
import { faultFetch } from './fault-fetch.ts';
import { type CaseInput, runCase, unrunCase } from './run-case.ts';

export interface LiveCaseInput {
  /** The provider with its base URL and model overrides applied. */
  provider: ProviderEntry;
  scenario: Scenario;
  mode: 'live' | 'record';
  env: NodeJS.ProcessEnv;
  /** The provider's fetch: timeouts, retries and its concurrency cap (one per provider, shared by its cases). */
  fetch: typeof fetch;
  /** For keyless providers: why the endpoint is unreachable, if it is (probed once per provider). */
  unreachable?: () => Promise<string | undefined>;
  requireKeys: boolean;
  repeat: number;
  /** Record mode: where fixtures are written. */
  fixtureDir: string;
  /** Every loaded key value, for redaction. */
  secrets: string[];
  /** Bounds a whole case (all attempts); past it the case is an error. */
  caseTimeoutMs: number;
  /** Stops the case (an interrupted run). */
  signal?: AbortSignal;
  /** A response body past this many bytes fails the request (default 10 MB). */
  maxResponseBytes?: number;
  today?: string;
  /** Live mode: what the wire tap saw, for a caller that checks the wire itself (record mode records it instead). */
  observe?: CaseInput['observe'];
}

async function gate(input: LiveCaseInput): Promise<CaseResult | { apiKey: string }> {
  const { provider, scenario, mode } = input;
  const status = input.requireKeys ? 'error' : 'skipped';
  const suffix = input.requireKeys ? ' (--require-keys)' : '';
  if (provider.keyEnv) {
    const key = keyFor(provider, input.env);
    if (!key) return unrunCase(provider, scenario, mode, status, `no ${provider.keyEnv}${suffix}`);
    return { apiKey: key };
  }
  const unreachable = await input.unreachable?.();
  if (unreachable) {
    const reason = `not reachable at ${provider.baseUrl}: ${unreachable}`;
    const result = unrunCase(provider, scenario, mode, status, `${reason}${suffix}`);
    if (status === 'error') result.diagnostics.push(failure('network-error', reason));
    return result;
  }
  return { apiKey: '' };
}

async function attempt(input: LiveCaseInput, apiKey: string, record: boolean): Promise<CaseResult> {
  const { provider, scenario } = input;
  let recordedTo: string | undefined;
  let recordProblem: string | undefined;
  const timeout = AbortSignal.timeout(input.caseTimeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  const { limits } = scenario;
  const fetch = limits
    ? faultFetch(limits, input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
    : input.fetch;
  const result = await runCase({
    provider,
    scenario,
    mode: input.mode,
    apiKey,
    transport: { fetch, diagnostics: () => [] },
    signal,
    observe: record
      ? async ({ exchanges, reportedModel }) => {
          try {
            const fixture = fixtureFromExchanges({
              provider: provider.id,
              scenario: scenario.id,
              model: modelFor(provider, scenario),
              ...(reportedModel ? { reportedModel } : {}),
              exchanges,
              secrets: input.secrets,
              date: input.today ?? new Date().toISOString().slice(0, 10),
            });
            recordedTo = await writeFixture(input.fixtureDir, fixture);
          } catch (error) {
            recordProblem = error instanceof Error ? error.message : String(error);
          }
        }
      : input.observe,
  });
  if (timeout.aborted && result.status !== 'pass') {
    result.diagnostics.unshift(
      failure('case-timeout', `the case did not finish within ${input.caseTimeoutMs} ms`),
    );
    result.status = 'error';
    result.outcome = outcomeOf('error', result.declared);
    result.reason ??= `case timed out after ${input.caseTimeoutMs} ms`;
  }
  if (recordedTo) result.recordedTo = recordedTo;
  if (recordProblem) {
    result.diagnostics.push(failure('not-recorded', `the fixture was not written: ${recordProblem}`));
  }
  return result;
}

/**
 * A case against a real endpoint: skipped without its key (or an error with --require-keys), skipped when a keyless
 * server does not answer, otherwise run `repeat` times and folded into one cell. Record mode writes the first
 * attempt's exchanges as the fixture, only when every exchange completed.
 */
export async function runLiveCase(input: LiveCaseInput): Promise<CaseResult> {
  const gated = await gate(input);
  if (!('apiKey' in gated)) return gated;
  const results: CaseResult[] = [];
  // A fault fixture holds an injected fault: recording a live answer over it would lose the fault.
  const recordable = input.mode === 'record' && input.scenario.expect.fault === undefined;
  for (let i = 0; i < input.repeat; i++) {
    if (i > 0 && input.signal?.aborted) break;
    results.push(await attempt(input, gated.apiKey, recordable && i === 0));
  }
  const combined = combineAttempts(results);
  if (input.mode === 'record' && !recordable) {
    combined.diagnostics.push({
      code: 'fault-not-recorded',
      severity: 'info',
      message:
        'fault fixtures are synthesized (the fault is injected, not captured): record mode leaves them as they are',
    });
  }
  // Live traffic enters results here, so keys leave them here: a provider may echo a key in an error body.
  return createRedactor(input.secrets).json(combined) as CaseResult;
}
