/** The versioned result of `llmcompat bench`: what the latency renderers (md, terminal, html) read. */
export const LATENCY_REPORT_SCHEMA_VERSION = 1;

/** p50/p90/p95/p99 by linear interpolation between closest ranks, plus min, max, mean and n. */
export interface Distribution {
  n: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** One measured request, from wire timestamps (ms from send). */
export interface RequestSample {
  ok: boolean;
  /** Error kind when not ok (timeout, rate-limited, server-error, …). */
  errorKind?: string;
  ttftMs?: number;
  e2eMs?: number;
  /** (t_last − t_first) / (outputTokens − 1), for outputTokens ≥ 2. */
  itlMs?: number;
  outputTokens?: number;
  /** Where outputTokens came from: the provider's usage, or an estimate from the text. */
  tokenSource?: 'usage' | 'estimate';
  /** (outputTokens − 1) / (t_last − t_first) in tokens/s. */
  outputTokensPerSecond?: number;
  /** Gaps between consecutive content chunks (a chunk is not a token). */
  chunkGapsMs?: number[];
}

export interface LatencyCell {
  provider: string;
  scenario: string;
  model: string;
  /** Closed loop: requests in flight; undefined for open loop. */
  concurrency?: number;
  /** Open loop: Poisson arrivals per second; undefined for closed loop. */
  ratePerSecond?: number;
  warmup: number;
  requests: number;
  errors: number;
  errorRate: number;
  errorKinds: Record<string, number>;
  ttftMs?: Distribution;
  e2eMs?: Distribution;
  itlMs?: Distribution;
  chunkGapMs?: Distribution;
  outputTokensPerSecond?: Distribution;
  tokenSource: 'usage' | 'estimate' | 'mixed' | 'none';
  /** Whole cell: finished requests per second of wall time, and output tokens per second of wall time. */
  requestThroughput: number;
  tokenThroughput: number;
  wallMs: number;
  /** Event-loop delay while the cell ran; `skewed` when it could have inflated the timings. */
  eventLoop: { p99Ms: number; maxMs: number; skewed: boolean };
  /** The run was stopped while this cell ran: it has fewer requests than it was to measure. */
  partial?: true;
}

export interface LatencyReport {
  schema: typeof LATENCY_REPORT_SCHEMA_VERSION;
  kind: 'latency';
  tool: { name: 'llmcompat'; version: string };
  run: {
    mode: 'recorded' | 'live';
    /** Recorded mode: 'recorded' replays each chunk at its recorded offset. */
    timing?: 'fast' | 'recorded';
    startedAt: string;
    finishedAt: string;
    node: string;
    platform: string;
    cpus: number;
    /** False when the run was stopped before every cell was measured (a signal, the run timeout). */
    complete: boolean;
    /** Why a partial run stopped: `interrupted by SIGINT`, `the run timeout of 600000 ms was reached`, … */
    stopped?: string;
    /** The cells the run was to measure (provider × scenario × load level, less the skipped ones). */
    cellsPlanned?: number;
    /**
     * 'varied': every prompt carried a unique tag, so no cache could answer it (live mode). 'fixed': the scenarios'
     * requests exactly (recorded mode, whose replay must match them; or live with --exact-request).
     */
    prompts?: 'varied' | 'fixed';
    /**
     * Live mode: where chunk times came from: the stamping relay's thread, undici's parser on the harness's own
     * thread ('local'), or the wire tap's own reads ('tap', when the local clock failed its self-check).
     */
    clock?: 'relay' | 'local' | 'tap';
    /** Why the clock asked for (`--clock local`) was not used. */
    clockFallback?: string;
    /** What a reader needs to judge the figures (prompts, timing, retries, the event-loop threshold), one per line. */
    notes?: string[];
  };
  cells: LatencyCell[];
  /** Provider × scenario pairs that were not measured, with why (no key, unreachable server, missing fixture). */
  skipped?: SkippedCell[];
}

export interface SkippedCell {
  provider: string;
  scenario: string;
  reason: string;
  /** When the reason is a missing key: its environment variable. */
  missingKey?: string;
}
