// The library: what the CLI does, importable. `import { runConformance, defineConfig } from 'llmcompat'`.

export { type Declaration, declaration, findProvider } from './catalog/catalog.ts';
export {
  type CatalogEntry,
  PROVIDERS,
  type ProviderEntry,
  type ProviderProtocol,
} from './catalog/providers.ts';
export {
  configProblems,
  defineConfig,
  type LiveSettings,
  type LlmcompatConfig,
  type ProviderConfig,
  type ProviderDefinition,
  type ProviderOverride,
} from './config/config.ts';
export { catalog, configProviders } from './config/config-providers.ts';
export { loadConfig } from './config/load-config.ts';
export { ENV, type Mode, type RunSettings, resolveRunSettings } from './config/run-settings.ts';
export type {
  Adapter,
  AdapterConfig,
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
export {
  type CaseOutcome,
  type CaseResult,
  type CaseStatus,
  type CaseTimings,
  failsRun,
} from './core/case-result.ts';
export { type Diagnostic, deviation, failure, type Severity } from './core/diagnostic.ts';
export type { LatencyReport } from './core/latency-report.ts';
export { PROTOCOLS, type Protocol } from './core/protocol-names.ts';
export type { RunReport } from './core/run-report.ts';
export { UsageError } from './core/usage-error.ts';
export type { LoadLevel } from './latency/load-level.ts';
export {
  type BenchClock,
  type BenchOptions,
  type BenchProgress,
  LATENCY_SCENARIOS,
  runBench,
} from './latency/run-bench.ts';
export { checkWire, type WireCheckContext } from './protocols/check-wire.ts';
export {
  type AdapterRegistry,
  BUILT_IN_ADAPTERS,
  createAdapter,
  isProtocol,
} from './protocols/create-adapter.ts';
export { collectStream } from './protocols/shared/collect-stream.ts';
export { renderMarkdownMatrix } from './report/markdown/render-markdown-matrix.ts';
export {
  renderTerminalMatrix,
  type TerminalMatrixOptions,
} from './report/terminal/render-terminal-matrix.ts';
export {
  type CaseProgress,
  type RunConformanceOptions,
  runConformance,
} from './runner/run-conformance.ts';
export { type Expectation, SCENARIOS, type Scenario } from './scenarios/scenarios.ts';
export { type StampingRelay, startStampingRelay } from './wire/relay/stamping-relay.ts';
export {
  createWireTap,
  type TappedChunk,
  type TappedExchange,
  type TappedRequest,
  type WireTap,
} from './wire/tap.ts';
