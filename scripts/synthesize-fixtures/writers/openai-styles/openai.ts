// OpenAI itself: `usage: null` and `obfuscation` padding on every chunk, a role chunk first, argument fragments.
import { ALNUM, HEX } from '../../prng.ts';
import type { OpenAIStyle } from '../openai-chat.ts';
import { compactJson, spacedJson } from '../wire.ts';
import { messageCalls, openAIFragment, plainUsage, role, SSE_UTF8 } from './shared.ts';

const FINGERPRINT = 'fp_cbf1785567';

export const openai: OpenAIStyle = {
  completionId: (rng) => `chatcmpl-${rng.chars(ALNUM, 29)}`,
  servedModel: (model) => (model === 'gpt-4o' ? 'gpt-4o-2024-08-06' : model),
  callId: (rng) => `call_${rng.chars(ALNUM, 24)}`,
  // gpt-4o writes `{"city":"Paris"}` for one call, `{"city": "Paris"}` for parallel ones.
  args: (args, parallel) => (parallel ? spacedJson(args) : compactJson(args)),
  groups: [1, 1, 1],
  roleChunk: true,
  // The chat API never returns o-series thinking; it counts it in completion_tokens_details.reasoning_tokens.
  reasoning: 'hidden',
  streamedCalls: 'fragments',
  callFinish: { stream: 'tool_calls', body: 'tool_calls' },
  // A tool forced by name ends with "stop", streamed or not (vllm-project/vllm#25054 tabulates OpenAI's answers).
  namedChoiceFinish: 'stop',
  usage: 'separate-if-asked',
  chunk: (env, part, usage) => {
    const d = part?.delta;
    const delta = d && {
      ...role(d),
      ...(d.content !== undefined ? { content: d.content } : d.first ? { content: null } : {}),
      ...(d.calls ? { tool_calls: d.calls.map((f) => openAIFragment(f)) } : {}),
      ...(d.first ? { refusal: null } : {}),
    };
    return {
      id: env.id,
      object: 'chat.completion.chunk',
      created: env.created,
      model: env.model,
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
      choices: part ? [{ index: 0, delta, logprobs: null, finish_reason: part.finish }] : [],
      ...(usage !== undefined ? { usage } : {}),
      obfuscation: env.rng.chars(ALNUM, env.rng.int(1, 14)),
    };
  },
  usageObject: (input, output) => ({
    ...plainUsage(input, output),
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }),
  body: (env, answer, finish, usage) => ({
    id: env.id,
    object: 'chat.completion',
    created: env.created,
    model: env.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.calls.length > 0 && answer.text === '' ? null : answer.text,
          ...(answer.calls.length > 0 ? { tool_calls: messageCalls(answer.calls) } : {}),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: finish,
      },
    ],
    usage,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  }),
  serializeBody: (body) => JSON.stringify(body, null, 2),
  contentType: { stream: SSE_UTF8, json: 'application/json' },
  headers: (context, firstByteMs) => ({
    'x-request-id': `req_${context.rng.chars(HEX, 32)}`,
    'openai-processing-ms': String(
      (context.stream ? firstByteMs : context.clock.now) - context.rng.int(25, 60),
    ),
    'openai-version': '2020-10-01',
  }),
  promptCost: [8, 50],
};
