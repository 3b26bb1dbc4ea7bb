// Ollama's OpenAI endpoint: fp_ollama, `chatcmpl-<n>` ids, streamed calls whole and (older servers) without index.
import { LOWER_ALNUM } from '../../prng.ts';
import type { OpenAIStyle } from '../openai-chat.ts';
import { compactJson } from '../wire.ts';
import { messageCalls, openAIFragment, plainUsage } from './shared.ts';

export const ollamaOpenAI: OpenAIStyle = {
  completionId: (rng) => `chatcmpl-${rng.int(1, 999)}`,
  servedModel: (model) => model,
  callId: (rng) => `call_${rng.chars(LOWER_ALNUM, 8)}`,
  args: (args) => compactJson(args),
  groups: [1, 1, 1],
  reasoning: 'reasoning',
  roleChunk: false,
  streamedCalls: 'whole',
  callFinish: { stream: 'tool_calls', body: 'tool_calls' },
  usage: 'separate-if-asked',
  chunk: (env, part, usage) => {
    const d = part?.delta;
    // Older Ollama servers send streamed calls without `index`.
    const delta = d && {
      role: 'assistant',
      content: d.content ?? '',
      ...(d.calls ? { tool_calls: d.calls.map((f) => openAIFragment(f, false)) } : {}),
    };
    return {
      id: env.id,
      object: 'chat.completion.chunk',
      created: env.created,
      model: env.model,
      system_fingerprint: 'fp_ollama',
      choices: part ? [{ index: 0, delta, finish_reason: part.finish }] : [],
      ...(usage ? { usage } : {}),
    };
  },
  usageObject: plainUsage,
  body: (env, answer, finish, usage) => ({
    id: env.id,
    object: 'chat.completion',
    created: env.created,
    model: env.model,
    system_fingerprint: 'fp_ollama',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.text,
          ...(answer.calls.length > 0
            ? { tool_calls: messageCalls(answer.calls, (index) => ({ index })) }
            : {}),
        },
        finish_reason: finish,
      },
    ],
    usage,
  }),
  contentType: { stream: 'text/event-stream', json: 'application/json; charset=utf-8' },
  promptCost: [25, 160],
};
