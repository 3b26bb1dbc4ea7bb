// Mistral's native API: the OpenAI chunk shape, calls whole without index or type, 9-character ids, usage always.
import { ALNUM, HEX, uuid } from '../../prng.ts';
import type { OpenAIStyle } from '../openai-chat.ts';
import { spacedJson } from '../wire.ts';
import { role, SSE_UTF8 } from './shared.ts';

export const mistral: OpenAIStyle = {
  completionId: (rng) => rng.chars(HEX, 32),
  servedModel: (model) => model,
  // Mistral tool call ids are exactly nine characters [a-zA-Z0-9].
  callId: (rng) => rng.chars(ALNUM, 9),
  args: (args) => spacedJson(args),
  groups: [1, 1, 1],
  roleChunk: true,
  reasoning: 'thinking-chunks',
  streamedCalls: 'whole',
  callFinish: { stream: 'tool_calls', body: 'tool_calls' },
  usage: 'final',
  finishOnLastDelta: 'calls',
  chunk: (env, part, usage) => {
    const d = part?.delta;
    // The whole call in one delta, without `index` and without `type`.
    const delta = d && {
      ...role(d),
      content: d.calls ? null : (d.content ?? ''),
      ...(d.calls
        ? { tool_calls: d.calls.map((f) => ({ id: f.id, function: { name: f.name, arguments: f.args } })) }
        : {}),
    };
    return {
      id: env.id,
      object: 'chat.completion.chunk',
      created: env.created,
      model: env.model,
      choices: part ? [{ index: 0, delta, finish_reason: part.finish, logprobs: null }] : [],
      ...(usage ? { usage } : {}),
    };
  },
  usageObject: (input, output) => ({
    prompt_tokens: input,
    total_tokens: input + output,
    completion_tokens: output,
  }),
  body: (env, answer, finish, usage) => ({
    id: env.id,
    created: env.created,
    model: env.model,
    usage,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        finish_reason: finish,
        message:
          answer.calls.length > 0
            ? {
                role: 'assistant',
                tool_calls: answer.calls.map((c) => ({
                  id: c.id,
                  function: { name: c.name, arguments: c.args },
                })),
                content: answer.text,
              }
            : { role: 'assistant', tool_calls: null, content: answer.text },
      },
    ],
  }),
  contentType: { stream: SSE_UTF8, json: 'application/json' },
  headers: (context) => ({ 'mistral-correlation-id': uuid(context.rng) }),
  promptCost: [5, 80],
};
