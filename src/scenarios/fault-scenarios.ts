import { FAULT_KINDS, type FaultKind } from '../core/fault-kinds.ts';
import type { Scenario, ScenarioLimits } from './scenarios.ts';

/**
 * One provider per protocol: a fault is about the protocol's framing and its SDK, and the five adapters are the
 * five protocols. Named rather than derived from the catalog's order, so a new provider never moves the section.
 */
export const FAULT_PROVIDERS: readonly string[] = ['openai', 'anthropic', 'google', 'mistral', 'ollama'];

/**
 * Short, so the two timeout faults take a fraction of a second (far above a fixture replayed at once), and small, so
 * the size-cap fault stops after 1 MB rather than holding the run's 10 MB (a tenfold peak in memory, per case).
 */
export const FAULT_LIMITS: ScenarioLimits = {
  requestTimeoutMs: 300,
  idleTimeoutMs: 300,
  maxResponseBytes: 1024 * 1024,
};

const TITLES: Record<FaultKind, string> = {
  'rate-limited': 'a 429 is named, with the Retry-After it gave',
  'server-error': 'a 5xx is named a server error',
  overloaded: 'an overloaded provider is named',
  'mid-stream-error': 'an error inside a 200 stream is caught',
  'connection-reset': 'a connection closed mid-stream is caught',
  'truncated-stream': 'a stream cut in the middle of an event is caught',
  'missing-finish': 'a stream with no finish reason and no end marker is caught',
  'invalid-json-chunk': 'a chunk that is not JSON is caught',
  'empty-body': 'an empty 200 body is caught',
  'wrong-content-type': 'an HTML page with status 200 is caught',
  'first-byte-timeout': 'no headers within the request timeout',
  'stream-stall': 'a stream that stops mid-way hits the idle timeout',
  oversized: 'a 50 MB stream stops at the size cap',
  'keepalive-comments': 'keep-alive lines between events are skipped',
  'crlf-framing': 'lines ending in CRLF are read as lines',
  'utf8-split': 'a character split across two reads is decoded whole',
  'json-split': "an event's JSON split across two reads is read as one event",
};

/** The split faults need an answer with a multi-byte character in it, for the split to fall inside. */
const ASKS: Partial<Record<FaultKind, string>> = {
  'utf8-split': ', then a space and the euro sign (€)',
  'json-split': ', then a space and the euro sign (€)',
};

function faultScenario(kind: FaultKind): Scenario {
  return {
    id: `faults.${kind}`,
    capability: 'fault-handling',
    title: TITLES[kind],
    stream: true,
    providers: FAULT_PROVIDERS,
    limits: FAULT_LIMITS,
    // Each fault has its own prompt, so a loopback server holding every fault fixture tells them apart.
    request: {
      maxTokens: 256,
      temperature: 0,
      messages: [
        {
          role: 'user',
          content: `Count from 1 to 10, separated by spaces${ASKS[kind] ?? ''}. (llmcompat fault probe: ${kind})`,
        },
      ],
    },
    expect: { fault: kind },
  };
}

/** The `faults.*` scenarios: each fixture injects one misbehaviour, and the harness must name it. */
export const FAULT_SCENARIOS: readonly Scenario[] = (Object.keys(FAULT_KINDS) as FaultKind[]).map(
  faultScenario,
);
