// Cohere's compatibility API: tool plan as content, call ids named after the tool, no stream_options.
import { HEX, LOWER_ALNUM, uuid } from '../../prng.ts';
import type { OpenAIStyle } from '../openai-chat.ts';
import { compactJson } from '../wire.ts';
import { messageCalls, openAIFragment, plainUsage, role } from './shared.ts';

export const cohere: OpenAIStyle = {
  completionId: (rng) => uuid(rng),
  servedModel: (model) => model,
  // Cohere names its call ids after the tool: `get_weather_e8p4pn45zt0t`.
  callId: (rng, name) => `${name}_${rng.chars(LOWER_ALNUM, 12)}`,
  args: (args) => compactJson(args),
  groups: [1, 1, 1],
  roleChunk: false,
  streamedCalls: 'fragments',
  callFinish: { stream: 'tool_calls', body: 'tool_calls' },
  usage: 'final-if-asked',
  chunk: (env, part, usage) => {
    const d = part?.delta;
    const delta = d && {
      ...role(d),
      ...(d.content !== undefined ? { content: d.content } : {}),
      ...(d.calls ? { tool_calls: d.calls.map((f) => openAIFragment(f)) } : {}),
    };
    return {
      id: env.id,
      choices: part ? [{ index: 0, finish_reason: part.finish, delta }] : [],
      created: env.created,
      model: env.model,
      object: 'chat.completion.chunk',
      ...(usage ? { usage } : {}),
    };
  },
  usageObject: plainUsage,
  body: (env, answer, finish, usage) => ({
    id: env.id,
    choices: [
      {
        index: 0,
        finish_reason: finish,
        message: {
          role: 'assistant',
          ...(answer.text !== '' ? { content: answer.text } : {}),
          ...(answer.calls.length > 0 ? { tool_calls: messageCalls(answer.calls) } : {}),
        },
      },
    ],
    created: env.created,
    model: env.model,
    object: 'chat.completion',
    usage,
  }),
  contentType: { stream: 'text/event-stream', json: 'application/json' },
  headers: (context) => ({ 'x-debug-trace-id': context.rng.chars(HEX, 32) }),
  promptCost: [10, 60],
};
