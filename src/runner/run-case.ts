import { performance } from 'node:perf_hooks';
import { declaration, modelFor } from '../catalog/catalog.ts';
import type { ProviderEntry } from '../catalog/providers.ts';
import { checkExpectation } from '../checks/check-expectation.ts';
import { checkReasoningEcho } from '../checks/check-reasoning-echo.ts';
import { classifyError } from '../checks/classify-error.ts';
import { findForeignIdRefusal } from '../checks/find-foreign-id-refusal.ts';
import { findFormatWithToolsRefusal } from '../checks/find-format-with-tools-refusal.ts';
import {
  findRejectedResponseSchemaKeyword,
  findRejectedSchemaKeyword,
} from '../checks/find-rejected-schema-keyword.ts';
import { bodyText } from '../checks/read-error-body.ts';
import { blamesClient, isClientAdapter } from '../clients/client-adapter.ts';
import type { StepOutcome } from '../core/adapter-contract.ts';
import {
  type CaseResult,
  type CaseStatus,
  type CaseTimings,
  type Observed,
  type ObservedFault,
  outcomeOf,
} from '../core/case-result.ts';
import type { ErrorKind } from '../core/classified-error.ts';
import { type Diagnostic, deviation, failure } from '../core/diagnostic.ts';
import { isProtocol } from '../core/protocol-names.ts';
import { checkHistoryIds } from '../protocols/check-history-ids.ts';
import { checkToolErrorFlags } from '../protocols/check-tool-error-flags.ts';
import { checkToolResultIds } from '../protocols/check-tool-result-ids.ts';
import { checkWire } from '../protocols/check-wire.ts';
import { createAdapter } from '../protocols/create-adapter.ts';
import { readWireAnswer } from '../protocols/wire-answer.ts';
import {
  type ExpectedError,
  failedTools,
  followUpRounds,
  INVALID_API_KEY,
  type Scenario,
  stepExpectation,
} from '../scenarios/scenarios.ts';
import { createWireTap, type TappedExchange } from '../wire/tap.ts';
import { executeScenario } from './execute-scenario.ts';
import { judgeFault } from './judge-fault.ts';
import { observeAnswer } from './observe-answer.ts';

/** Where a case's requests go: replayed fixtures, or the network. */
export interface CaseTransport {
  /** The fetch the wire tap wraps. */
  fetch: typeof fetch;
  /** Findings of the transport itself (request drift, unrecorded requests). */
  diagnostics(): Diagnostic[];
}

export interface CaseInput {
  provider: ProviderEntry;
  scenario: Scenario;
  mode: CaseResult['mode'];
  apiKey: string;
  baseUrl?: string;
  transport: CaseTransport;
  signal?: AbortSignal;
  /** Sees what crossed the wire once the case is judged (record mode writes it into a fixture). */
  observe?: (observed: { exchanges: TappedExchange[]; reportedModel?: string }) => void | Promise<void>;
}

const UNJUDGED = new Set(['timeout', 'network-error', 'response-too-large', 'unrecorded-request']);

/** Faults of the connection leave nothing to judge in a conformance scenario: the cell is an error. */
const UNJUDGED_KINDS: Partial<Record<ErrorKind, string>> = {
  timeout: 'timeout',
  'first-byte-timeout': 'timeout',
  'stream-stall': 'timeout',
  network: 'network-error',
  'connection-reset': 'network-error',
  oversized: 'response-too-large',
};

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What was wrongly accepted, when a scenario asked for an error and got an answer. */
const ACCEPTED: Record<ExpectedError, (scenario: Scenario) => string> = {
  auth: () => 'a bad key was accepted',
  'unknown-model': (scenario) => `the unknown model '${scenario.model}' was accepted`,
  'bad-request': () => 'a request the API must refuse was accepted',
};
const ARTICLE: Record<ExpectedError, string> = { auth: 'an', 'unknown-model': 'an', 'bad-request': 'a' };

function expectedErrorDiagnostics(
  scenario: Scenario,
  step: StepOutcome,
  exchange: TappedExchange | undefined,
) {
  const wanted = scenario.expect.error;
  if (!wanted) return [];
  if (step.error === undefined) {
    return [
      failure(
        'no-error',
        `${ACCEPTED[wanted](scenario)}: HTTP ${exchange?.status ?? '?'} with an answer`,
        step.result?.text,
      ),
    ];
  }
  const classified = classifyError(step.error, exchange);
  // No answer from the provider says nothing about how it answers a bad key or model: not judged.
  const unjudged = UNJUDGED_KINDS[classified.kind];
  if (unjudged) return [failure(unjudged, classified.message, describe(step.error))];
  const found: Diagnostic[] = classified.notes.map((note) =>
    deviation(`${wanted}-error-status`, note, classified.message),
  );
  if (classified.kind !== wanted) {
    found.push(
      failure(
        'wrong-error-kind',
        `expected ${ARTICLE[wanted]} ${wanted} error, got ${classified.kind}` +
          `${classified.status ? ` (HTTP ${classified.status})` : ''}: ${classified.message}`,
      ),
    );
  }
  return found;
}

/** What a refusal naming a keyword of the request's schemas says, given its status; undefined when it names none. */
function rejectedKeyword(message: string, scenario: Scenario): ((status: string) => string) | undefined {
  const toolKeyword = findRejectedSchemaKeyword(message, scenario.request.tools ?? []);
  if (toolKeyword !== undefined) {
    return (status) =>
      `the tool schema's \`${toolKeyword}\` was refused (${status}): a client that sends its types' JSON ` +
      'Schema as is cannot offer this tool here, and has to rewrite or drop the keyword';
  }
  const responseKeyword = findRejectedResponseSchemaKeyword(message, scenario.request.responseFormat);
  if (responseKeyword === undefined) return undefined;
  return (status) =>
    `the response schema's \`${responseKeyword}\` was refused (${status}): a client that sends its types' JSON ` +
    'Schema as is cannot ask for structured output of this shape here, and has to rewrite or drop the keyword';
}

function stepDiagnostics(
  scenario: Scenario,
  step: StepOutcome,
  stepIndex: number,
  exchange: TappedExchange | undefined,
): Diagnostic[] {
  const expectation = stepExpectation(scenario, stepIndex);
  if (!expectation) return [];
  if (expectation.error) return expectedErrorDiagnostics(scenario, step, exchange);
  if (step.error !== undefined) {
    const classified = classifyError(step.error, exchange);
    const unjudged = UNJUDGED_KINDS[classified.kind];
    if (unjudged) return [failure(unjudged, classified.message, describe(step.error))];
    const status = classified.status ? `HTTP ${classified.status} ` : '';
    const refusedIds = findForeignIdRefusal(bodyText(exchange)) ?? findForeignIdRefusal(classified.message);
    if (refusedIds !== undefined) {
      return [
        failure(
          'foreign-id-rejected',
          `the history's tool-call ids were refused (${status.trim() || classified.kind}): the provider takes ` +
            "only ids of its own kind, so a history holding another provider's ids (call_…, toolu_…, " +
            'functions.get_weather:0) has to have them rewritten, on the calls and their results alike',
          refusedIds,
        ),
      ];
    }
    const rejected =
      classified.kind === 'bad-request' ? rejectedKeyword(classified.message, scenario) : undefined;
    if (rejected !== undefined) {
      return [failure('schema-keyword-rejected', rejected(status.trim()), classified.message)];
    }
    const combination =
      classified.kind === 'bad-request' && scenario.request.tools?.length && scenario.request.responseFormat
        ? findFormatWithToolsRefusal(bodyText(exchange))
        : undefined;
    if (combination !== undefined) {
      return [
        failure(
          'format-with-tools-rejected',
          `the response format and the tools were refused together (${status.trim()}): a client that asks for ` +
            'typed output from an agent with tools has to drop one, or make a second request without tools',
          combination,
        ),
      ];
    }
    return [
      failure(
        `provider-error`,
        `the request failed (${classified.kind}): ${status}${classified.message}`,
        describe(step.error),
      ),
    ];
  }
  if (!step.result) return [];
  const input = {
    result: step.result,
    tools: scenario.request.tools ?? [],
    // The results fed back before this answer: the round before it, none for the first.
    failedTools: failedTools(followUpRounds(scenario)[stepIndex - 1]),
  };
  return checkExpectation(expectation, scenario.stream ? { ...input, textDeltas: step.textDeltas } : input);
}

function timingsOf(exchanges: TappedExchange[], totalMs: number): CaseTimings {
  const first = exchanges[0];
  const timings: CaseTimings = { totalMs: Math.round(totalMs * 10) / 10 };
  if (!first) return timings;
  const round = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 10) / 10);
  const headersMs = round(first.tHeaders);
  const firstChunkMs = round(first.chunks[0]?.t);
  const endMs = round(first.tEnd);
  if (headersMs !== undefined) timings.headersMs = headersMs;
  if (firstChunkMs !== undefined) timings.firstChunkMs = firstChunkMs;
  if (endMs !== undefined) timings.endMs = endMs;
  timings.chunks = first.chunks.length;
  return timings;
}

/**
 * The wire checks and the scenario expectations sometimes see the same fault from two sides (`usage-missing`,
 * `finish-reason-mismatch`): the wire's finding, with its evidence, is kept and the echo dropped.
 */
function withoutEchoes(wire: Diagnostic[], others: Diagnostic[]): Diagnostic[] {
  const seen = new Set(wire.map((d) => `${d.severity}|${d.code}`));
  return [...wire, ...others.filter((d) => !seen.has(`${d.severity}|${d.code}`))];
}

/** A custom adapter's protocol has no wire checks: only the scenario's expectations judge the case. */
function noWireChecks(protocol: string): Diagnostic {
  return {
    code: 'no-wire-checks',
    severity: 'info',
    message:
      `'${protocol}' is not one of the built-in protocols, so no wire checks ran: the case is judged on the ` +
      "scenario's expectations only",
  };
}

/** Runs one provider × scenario case end to end and judges it. Never throws: a harness failure is `error`. */
export async function runCase(input: CaseInput): Promise<CaseResult> {
  const { provider, scenario, transport } = input;
  const model = modelFor(provider, scenario);
  const { declared, reason: gapReason } = declaration(provider, scenario.capability);
  const started = performance.now();
  const tap = createWireTap(transport.fetch);
  const base = { provider: provider.id, scenario: scenario.id, capability: scenario.capability, model };

  let status: CaseStatus;
  let diagnostics: Diagnostic[] = [];
  let reason: string | undefined;
  let reportedModel: string | undefined;
  let fault: ObservedFault | undefined;
  let observed: Observed = { toolCalls: [] };
  try {
    const adapter = createAdapter(
      provider.protocol,
      {
        baseUrl: input.baseUrl ?? provider.baseUrl,
        apiKey: scenario.invalidKey ? INVALID_API_KEY : input.apiKey,
        fetch: tap.fetch,
        quirks: provider.quirks ?? {},
      },
      provider.adapter ? { [provider.protocol]: provider.adapter } : {},
    );
    const steps = await executeScenario(adapter, scenario, model, input.signal);
    reportedModel = steps[0]?.result?.model;
    await tap.settled();
    const context = {
      stream: scenario.stream,
      toolsOffered: (scenario.request.tools?.length ?? 0) > 0,
      usageRequested: scenario.expect.usage === true,
    };
    const { protocol } = provider;
    observed = observeAnswer(steps, tap.exchanges, protocol, scenario.stream);
    const wire = isProtocol(protocol)
      ? [
          ...tap.exchanges.flatMap((exchange) => checkWire(protocol, exchange, context)),
          ...checkToolResultIds(protocol, tap.exchanges, scenario.stream),
          ...checkToolErrorFlags(protocol, tap.exchanges, scenario.stream, followUpRounds(scenario)),
          ...checkHistoryIds(protocol, scenario.request.messages, tap.exchanges[0]),
        ]
      : [noWireChecks(protocol)];
    const expectedFault = scenario.expect.fault;
    if (expectedFault) {
      const first = tap.exchanges[0];
      const wireAnswer =
        first && isProtocol(protocol) ? readWireAnswer(first, protocol, scenario.stream) : undefined;
      const judgement = judgeFault(expectedFault, steps[0], first, wire, wireAnswer);
      fault = judgement.fault;
      diagnostics = [...judgement.diagnostics, ...transport.diagnostics()];
    } else {
      const judged = steps.flatMap((step, i) => stepDiagnostics(scenario, step, i, tap.exchanges[i]));
      // Each later request against the answer before it: the reasoning state it carried must go back.
      for (const [i, exchange] of tap.exchanges.entries()) {
        const answer = tap.exchanges[i - 1];
        if (answer) judged.push(...checkReasoningEcho(answer, exchange));
      }
      diagnostics = withoutEchoes(wire, [...judged, ...transport.diagnostics()]);
    }
    // An external client's answers against what its wire said: its own failures lead, the provider's findings stay.
    if (isClientAdapter(adapter)) diagnostics = adapter.judgeAgainstWire(tap.exchanges, steps, diagnostics);
    // A request replay could not answer explains the failure the adapter then saw (msw's own words): keep the
    // explanation, drop the echo.
    if (diagnostics.some((d) => d.code === 'unrecorded-request')) {
      diagnostics = diagnostics.filter((d) => d.code !== 'network-error' && d.code !== 'provider-error');
    }
    // No answer means nothing to judge: the cell is an error, not a verdict on the provider.
    const unjudged = diagnostics.find((d) => UNJUDGED.has(d.code));
    status = unjudged ? 'error' : diagnostics.some((d) => d.severity === 'failure') ? 'fail' : 'pass';
    if (unjudged) reason = unjudged.message;
  } catch (error) {
    status = 'error';
    reason = describe(error);
  }
  if (input.observe) {
    await input.observe(
      reportedModel ? { exchanges: tap.exchanges, reportedModel } : { exchanges: tap.exchanges },
    );
  }
  const result: CaseResult = {
    ...base,
    mode: input.mode,
    status,
    // The catalog's gaps are the provider's: a client's own failure is not excused by them.
    outcome: outcomeOf(status, declared || diagnostics.some(blamesClient)),
    declared,
    diagnostics,
    timings: timingsOf(tap.exchanges, performance.now() - started),
  };
  if (gapReason !== undefined) result.gapReason = gapReason;
  if (reason !== undefined) result.reason = reason;
  if (fault !== undefined) result.fault = fault;
  result.observed = observed;
  return result;
}

/** A case that could not run at all (no fixture, no key): judged without touching an adapter. */
export function unrunCase(
  provider: ProviderEntry,
  scenario: Scenario,
  mode: CaseResult['mode'],
  status: 'skipped' | 'error',
  reason: string,
): CaseResult {
  const { declared, reason: gapReason } = declaration(provider, scenario.capability);
  const result: CaseResult = {
    provider: provider.id,
    scenario: scenario.id,
    capability: scenario.capability,
    model: modelFor(provider, scenario),
    mode,
    status,
    outcome: outcomeOf(status, declared),
    declared,
    reason,
    diagnostics: [],
    timings: { totalMs: 0 },
    observed: { toolCalls: [] },
  };
  if (gapReason !== undefined) result.gapReason = gapReason;
  return result;
}
