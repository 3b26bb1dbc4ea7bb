// The public API of llmcompat: `import { runConformance, defineConfig } from 'llmcompat'`. Only what a library user
// needs is here; everything else is internal and may change in any release. README "Use it as a library" shows each.

// The catalog: the providers and what each declares.
export { type Declaration, declaration, findProvider } from './catalog/catalog.ts';
export {
  type CatalogEntry,
  PROVIDERS, // the ten built-in providers
  type ProviderEntry,
  type ProviderProtocol,
} from './catalog/providers.ts';
// What llmcompat.config.ts holds.
export {
  defineConfig, // validates and returns the config, typed
  type LiveSettings, // live-mode limits: timeouts, retries, concurrency
  type LlmcompatConfig,
  type ProviderConfig, // an entry of `providers`: a new provider or an override of a catalog one
  type ProviderDefinition,
  type ProviderOverride,
} from './config/config.ts';
export { catalog } from './config/config-providers.ts'; // the ten providers and the config's own, resolved
export { loadConfig } from './config/load-config.ts'; // reads llmcompat.config.{ts,mts,mjs,js,json} as the CLI does
export type { Mode } from './config/run-settings.ts'; // 'recorded' | 'live' | 'record'
// The adapter contract every built-in adapter implements, and that a custom one implements too.
export type {
  Adapter,
  AdapterConfig, // baseUrl, apiKey, model, and the `fetch` every request must go through
  AdapterFactory,
  ChatRequest,
  ChatResult,
  FinishReason,
  JsonSchema,
  Message,
  RequestQuirks,
  ResponseFormat,
  StreamEvent,
  ToolCall,
  ToolChoice,
  ToolDefinition,
  Usage,
} from './core/adapter-contract.ts';
export { CAPABILITIES, CAPABILITY_IDS, type Capability } from './core/capabilities.ts';
// One case's result, as in conformance.json.
export {
  type CaseOutcome, // pass, fail, known-gap, unexpected-pass, error, skipped
  type CaseResult,
  type CaseStatus,
  type CaseTimings,
  failsRun, // whether an outcome fails CI
} from './core/case-result.ts';
export type { Diagnostic, Severity } from './core/diagnostic.ts'; // a check's finding: code, message, evidence
export type { LatencyReport } from './core/latency-report.ts';
export { PROTOCOLS, type Protocol } from './core/protocol-names.ts'; // the five built-in wire protocols
export type { RunReport } from './core/run-report.ts';
// Bad input (an option, a config, a selection): the message says what to fix.
export { UsageError } from './core/usage-error.ts';
// Measure latency (TTFT, inter-token latency, tokens/s) as `llmcompat bench` does.
export type { LoadLevel } from './latency/load-level.ts'; // a concurrency or an open-loop arrival rate
export {
  type BenchClock, // 'relay' (a stamping worker thread) or 'local' (this thread's clock)
  type BenchOptions,
  type BenchProgress,
  LATENCY_SCENARIOS, // the scenarios a bench measures by default
  runBench,
} from './latency/run-bench.ts';

// The protocol's wire checks, on the exact bytes the tap recorded.
export { checkWire, type WireCheckContext } from './protocols/check-wire.ts';
export { type AdapterRegistry, createAdapter } from './protocols/create-adapter.ts'; // a built-in or registered adapter
export { collectStream } from './protocols/shared/collect-stream.ts'; // folds StreamEvents into a ChatResult
// The matrix of a RunReport, as Markdown and for a terminal.
export { renderMarkdownMatrix } from './report/markdown/render-markdown-matrix.ts';
export {
  renderTerminalMatrix,
  type TerminalMatrixOptions,
} from './report/terminal/render-terminal-matrix.ts';
// Run the conformance matrix in-process and get the report `llmcompat run` writes as conformance.json.
export {
  type CaseProgress, // the `{ done, total }` passed to `onCase`
  type RunConformanceOptions, // mode, providers, scenarios, config, env, fixtureDir, client, onCase, signal…
  runConformance,
} from './runner/run-conformance.ts';
export { type Expectation, SCENARIOS, type Scenario } from './scenarios/scenarios.ts'; // what each case asks and expects
export { type StampingRelay, startStampingRelay } from './wire/relay/stamping-relay.ts'; // off-thread arrival stamps
// Every response chunk's exact text and arrival time, through any fetch.
export {
  createWireTap,
  type TappedChunk,
  type TappedExchange,
  type TappedRequest,
  type WireTap,
} from './wire/tap.ts';
