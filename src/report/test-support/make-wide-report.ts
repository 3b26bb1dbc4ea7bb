import type { CaseResult, CaseStatus } from '../../core/case-result.ts';
import { deviation, failure } from '../../core/diagnostic.ts';
import type { RunReport } from '../../core/run-report.ts';
import { makeCase, makeRunReport } from './make-run-report.ts';

/** Forty scenario ids in the eight capability groups the matrix is to grow to, long ids among them. */
export const WIDE_SCENARIOS: readonly string[] = [
  ...['basic', 'system', 'multi-turn', 'long-history', 'unicode'].map((s) => `chat.${s}`),
  ...['text', 'usage', 'abort', 'keepalive', 'empty-delta'].map((s) => `stream.${s}`),
  ...[
    'single',
    'parallel',
    'roundtrip',
    'stream',
    'choice-required',
    'choice-none',
    'sequential',
    'no-args',
    'choice-named',
    'stream-parallel',
    'foreign-history',
    'stream-roundtrip',
  ].map((s) => `tools.${s}`),
  ...['json-schema', 'json-schema-stream', 'schema-complex', 'json-object', 'with-tools'].map(
    (s) => `output.${s}`,
  ),
  ...['effort', 'summary', 'stream'].map((s) => `reasoning.${s}`),
  ...['image-url', 'image-base64', 'pdf'].map((s) => `input.${s}`),
  ...['max-tokens', 'context-overflow', 'stop-sequence'].map((s) => `limits.${s}`),
  ...['auth', 'unknown-model', 'bad-request', 'rate-limited'].map((s) => `errors.${s}`),
];

/** Ten providers, with models as long as the catalog's longest. */
export const WIDE_PROVIDERS: readonly { id: string; model: string }[] = [
  { id: 'openai', model: 'gpt-4o' },
  { id: 'cohere', model: 'command-r-08-2024' },
  { id: 'openrouter', model: 'google/gemini-2.0-flash' },
  { id: 'together', model: 'meta-llama/Llama-3.2-3B-Instruct-Turbo' },
  { id: 'google-openai', model: 'gemini-2.0-flash' },
  { id: 'ollama-openai', model: 'llama3.2' },
  { id: 'google', model: 'gemini-2.0-flash' },
  { id: 'anthropic', model: 'claude-sonnet-4-0' },
  { id: 'mistral', model: 'open-mistral-7b' },
  { id: 'ollama', model: 'qwen2.5:7b-instruct' },
];

const OUTCOMES: readonly { status: CaseStatus; declared: boolean; deviates?: boolean }[] = [
  { status: 'pass', declared: true },
  { status: 'pass', declared: true },
  { status: 'fail', declared: false },
  { status: 'pass', declared: true, deviates: true },
  { status: 'pass', declared: true },
  { status: 'fail', declared: true },
  { status: 'skipped', declared: true },
  { status: 'pass', declared: false },
  { status: 'error', declared: true },
];

/**
 * For layout tests: `providers` × `scenarios` with every outcome spread over the grid (more than a hundred
 * footnotes, so three-digit numbers), long messages, unbroken evidence and a skip reason shared by many cells.
 */
export function wideReport(
  providers: readonly { id: string; model: string }[] = WIDE_PROVIDERS,
  scenarios: readonly string[] = WIDE_SCENARIOS,
): RunReport {
  const cases: CaseResult[] = providers.flatMap((provider, p) =>
    scenarios.map((scenario, s) => {
      const pick = OUTCOMES[(p * 5 + s * 2) % OUTCOMES.length]!;
      const fields: Parameters<typeof makeCase>[0] = {
        provider: provider.id,
        model: provider.model,
        scenario,
        status: pick.status,
        declared: pick.declared,
      };
      if (pick.status === 'fail') {
        fields.diagnostics = [
          failure(
            'tool-call-as-text',
            'the tool call arrived as `<|python_tag|>` text in delta.content instead of delta.tool_calls: a client ' +
              'reading the protocol sees an answer, not a call',
            `{"extra_content":{"google":{"thought_signature":"${'Kc91HXM8Ao5Szrc2W4URzGua94s4K'.repeat(4)}"}}}`,
          ),
        ];
        if (!pick.declared) fields.gapReason = 'non-standard streaming format: tool calls arrive as text';
      }
      if (pick.deviates)
        fields.diagnostics = [deviation('missing-index', 'a delta has no index', '{"id":"x"}')];
      if (pick.status === 'pass' && !pick.declared) fields.gapReason = 'the catalog lists this as a gap';
      if (pick.status === 'skipped') fields.reason = `${provider.id.toUpperCase()}_API_KEY is not set`;
      if (pick.status === 'error')
        fields.reason = `fixture not found: fixtures/${provider.id}/${scenario}.json`;
      return makeCase(fields);
    }),
  );
  return makeRunReport(cases);
}
