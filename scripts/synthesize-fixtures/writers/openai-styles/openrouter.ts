// OpenRouter (Gemini behind it): keep-alive comments, a `provider` field, native_finish_reason, usage with cost.
import { ALNUM } from '../../prng.ts';
import type { OpenAIStyle } from '../openai-chat.ts';
import { compactJson } from '../wire.ts';
import { messageCalls, openAIFragment, plainUsage } from './shared.ts';

export const openrouter: OpenAIStyle = {
  completionId: (rng, created) => `gen-${created}-${rng.chars(ALNUM, 20)}`,
  servedModel: (model) => (model === 'google/gemini-2.0-flash' ? 'google/gemini-2.0-flash-001' : model),
  callId: (rng, name, index) => `tool_${index}_${name}_${rng.chars(ALNUM, 20)}`,
  args: (args) => compactJson(args),
  groups: [1, 6, 14],
  reasoning: 'reasoning',
  roleChunk: false,
  streamedCalls: 'whole',
  callFinish: { stream: 'tool_calls', body: 'tool_calls' },
  usage: 'separate-if-asked',
  comments: [1, 2],
  chunk: (env, part, usage) => {
    const d = part?.delta;
    const delta = d && {
      role: 'assistant',
      content: d.content ?? (d.calls ? null : ''),
      ...(d.calls ? { tool_calls: d.calls.map((f) => openAIFragment(f)) } : {}),
    };
    const choice = part && {
      index: 0,
      delta,
      finish_reason: part.finish,
      native_finish_reason: part.finish === null ? null : 'STOP',
      logprobs: null,
    };
    return {
      id: env.id,
      provider: 'Google',
      model: env.model,
      object: 'chat.completion.chunk',
      created: env.created,
      choices: choice ? [choice] : [],
      ...(usage ? { usage } : {}),
    };
  },
  usageObject: (input, output) => ({
    ...plainUsage(input, output),
    // gemini-2.0-flash list price: $0.10 / M input, $0.40 / M output.
    cost: Number((input * 1e-7 + output * 4e-7).toPrecision(6)),
    is_byok: false,
    prompt_tokens_details: { cached_tokens: 0 },
    cost_details: { upstream_inference_cost: null },
    completion_tokens_details: { reasoning_tokens: 0 },
  }),
  body: (env, answer, finish, usage) => ({
    id: env.id,
    provider: 'Google',
    model: env.model,
    object: 'chat.completion',
    created: env.created,
    choices: [
      {
        logprobs: null,
        finish_reason: finish,
        native_finish_reason: 'STOP',
        index: 0,
        message: {
          role: 'assistant',
          content: answer.text,
          refusal: null,
          reasoning: null,
          ...(answer.calls.length > 0
            ? { tool_calls: messageCalls(answer.calls, (index) => ({ index })) }
            : {}),
        },
      },
    ],
    usage,
  }),
  contentType: { stream: 'text/event-stream', json: 'application/json' },
  headers: () => ({ 'access-control-allow-origin': '*' }),
  promptCost: [2, 30],
};
