import type { Provenance } from '../../src/fixtures/fixture.ts';
import type { CasePlan } from './plans.ts';

export const SYNTHESIS_DATE = '2026-11-26';

const AI_SDK = '(vercel/ai@ed857f5, Apache-2.0)';
const LLAMA_STACK_HEAD = '(llamastack/llama-stack@d1b6632, MIT)';
const LLAMA_STACK_OLD = '(llamastack/llama-stack@4a5ef65, MIT)';

const aiSdk = (path: string) => `wire-samples/ai-sdk/${path} ${AI_SDK}`;
const llamaHead = (path: string) => `wire-samples/llama-stack/${path} ${LLAMA_STACK_HEAD}`;
const llamaOld = (path: string) => `wire-samples/llama-stack/${path} ${LLAMA_STACK_OLD}`;

/** When a source applies: to every case, or only to streams, bodies, tool calls, several calls, or errors. */
type When = 'any' | 'stream' | 'body' | 'tools' | 'stream-tools' | 'parallel' | 'error';

const SOURCES: Record<string, [When, string][]> = {
  openai: [
    ['stream', aiSdk('openai/openai-text.chunks.txt')],
    ['body', aiSdk('openai/openai-text.json')],
    [
      'stream-tools',
      llamaHead('openai/c4b7e1633e3b6576000d829940fc38e4ee5540b35d75c55a5589cd7bc39b6437.json'),
    ],
    ['parallel', llamaHead('openai/d1655764477efe3bedca530147f3594e85af6633e2bec81d1b5d43f34474a929.json')],
    ['error', aiSdk('openai/reasoning-model-legacy-parameter-error.json')],
    ['error', 'documented format: OpenAI error codes (invalid_api_key 401, model_not_found 404)'],
  ],
  cohere: [
    ['any', 'documented format: Cohere OpenAI Compatibility API (chat.completion / chat.completion.chunk)'],
    ['tools', aiSdk('cohere/cohere-tool-call.json')],
    ['error', 'documented format: Cohere API errors (401 "invalid api token", 404 model not found)'],
  ],
  openrouter: [
    ['any', 'documented format: OpenRouter API reference (SSE comments, provider field, usage accounting)'],
    ['stream', aiSdk('google/google-text.chunks.txt')],
    ['error', 'documented format: OpenRouter errors ({error:{message,code}})'],
  ],
  together: [
    ['stream', llamaOld('together/6730dcde0b73.json')],
    ['body', llamaOld('together/6857b19d3f0a.json')],
    ['stream-tools', llamaOld('together/33b71fb85bfb.json')],
    ['stream-tools', llamaOld('together/894fdacb1cfa.json')],
    ['error', 'documented format: Together API errors ({id, error:{message,type,param,code}})'],
  ],
  'google-openai': [
    [
      'any',
      'documented format: Gemini API OpenAI compatibility (generativelanguage.googleapis.com/v1beta/openai)',
    ],
    ['stream', aiSdk('google/google-text.chunks.txt')],
    ['error', aiSdk('google/google-429-retry-info.json')],
  ],
  'ollama-openai': [
    ['stream', llamaHead('ollama/42ad86f93eda42a3a73cddb74e533217ddcff6366b52a52718b86148f0e16a7c.json')],
    ['stream', llamaHead('ollama/ce4cd6ed048f8b76f33c5d5a9981b8180bbf1802472eb825a25603f98df73228.json')],
    ['tools', llamaHead('ollama/caf6ba1641579294233ca97cb423216881258fc0bb27598e71af0425e777fad1.json')],
    ['body', 'documented format: Ollama OpenAI compatibility (/v1/chat/completions)'],
    ['error', llamaHead('ollama/28a43dc80443ccae98eee165c58522090fd6f0637031153b0105399093d39c52.json')],
  ],
  google: [
    ['stream', aiSdk('google/google-text.chunks.txt')],
    ['body', aiSdk('google/google-text.json')],
    ['stream-tools', aiSdk('google/google-tool-call.chunks.txt')],
    ['tools', aiSdk('google/google-tool-call.json')],
    [
      'parallel',
      llamaHead('gemini-vertex-sdk/61242192ddf27bfe66ea029c5c37f3f458d87226dda4661d6792b8242694cd70.json'),
    ],
    ['error', aiSdk('google/google-429-retry-info.json')],
    ['error', 'documented format: Gemini API errors (400 INVALID_ARGUMENT / API_KEY_INVALID, 404 NOT_FOUND)'],
  ],
  anthropic: [
    ['stream', aiSdk('anthropic/anthropic-text.chunks.txt')],
    [
      'stream',
      llamaHead(
        'anthropic-messages-via-ollama/93eb42f3bd69f005727cc3a161e7ab0a8b2c99e4665d9eae5553fe9019ba7b32.json',
      ),
    ],
    ['body', aiSdk('anthropic/anthropic-text.json')],
    ['tools', aiSdk('anthropic/anthropic-json-other-tool.1.chunks.txt')],
    ['tools', aiSdk('anthropic/anthropic-json-other-tool.1.json')],
    ['parallel', aiSdk('anthropic/anthropic-tool-search-deferred-bm25.chunks.txt')],
    ['error', 'documented format: Anthropic API errors (authentication_error 401, not_found_error 404)'],
  ],
  mistral: [
    ['stream', aiSdk('mistral/mistral-text.chunks.txt')],
    ['body', aiSdk('mistral/mistral-text.json')],
    ['stream-tools', aiSdk('mistral/mistral-tool-call.chunks.txt')],
    ['tools', aiSdk('mistral/mistral-tool-call.json')],
    ['error', 'documented format: Mistral API errors (401 Unauthorized, 400 invalid_model)'],
  ],
  ollama: [
    ['any', 'documented format: Ollama API /api/chat (NDJSON stream, done line with durations in ns)'],
    ['error', 'documented format: Ollama API errors ({"error": "model … not found, try pulling it first"})'],
  ],
};

export function provenanceFor(provider: string, stream: boolean, plan: CasePlan): Provenance {
  const first = plan.exchanges[0];
  const isError = plan.exchanges.some((e) => e.kind === 'error');
  const calls = first?.kind === 'answer' ? first.calls.length : 0;
  const applies = (when: When): boolean => {
    switch (when) {
      case 'any':
        return true;
      case 'error':
        return isError;
      case 'stream':
        return !isError && stream;
      case 'body':
        return !isError && !stream;
      case 'tools':
        return calls > 0;
      case 'stream-tools':
        return stream && (calls > 0 || (first?.kind === 'answer' && first.text.startsWith('<|python_tag|>')));
      case 'parallel':
        return calls > 1;
    }
  };
  const table = SOURCES[provider] ?? [];
  let sources = table.filter(([when]) => applies(when)).map(([, source]) => source);
  // A case no sample covers follows the provider's body or stream sample for the envelope.
  if (sources.length === 0)
    sources = table.filter(([when]) => when === 'body' || when === 'stream').map(([, s]) => s);
  return {
    kind: 'synthesized',
    date: SYNTHESIS_DATE,
    sources,
    note: `Synthesized (no provider reachable): ${plan.note}.`,
  };
}
