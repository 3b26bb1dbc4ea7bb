// Together: Llama token ids and `text` on every choice, seed on the last chunk, usage always on the finish chunk.

import { togetherId } from '../../errors.ts';
import { LOWER_ALNUM, type Rng } from '../../prng.ts';
import type { OpenAIStyle } from '../openai-chat.ts';
import { compactJson } from '../wire.ts';
import { messageCalls, openAIFragment, plainUsage, SSE_UTF8 } from './shared.ts';

// Llama 3 token ids for the pieces the samples show; anything else gets a stable made-up id.
const LLAMA_TOKEN_IDS: Record<string, number> = {
  '<|python_tag|>': 128010,
  Hello: 9906,
  '!': 0,
  ' It': 1102,
  "'s": 596,
  ' to': 311,
  '?': 30,
  '{"': 5018,
  type: 1337,
  '":': 794,
  ' "': 330,
  function: 1723,
  '",': 498,
  '.': 13,
};
const EOT = 128009;
const EOM = 128008;

function llamaTokenId(piece: string): number {
  const known = LLAMA_TOKEN_IDS[piece];
  if (known !== undefined) return known;
  let h = 7;
  for (const ch of piece) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 120000;
  return 1000 + h;
}

/** Together's sampling seed: a 64-bit integer, which JSON numbers only carry to double precision. */
const llamaSeed = (rng: Rng): number => Number(`${rng.int(1, 9)}${rng.chars('0123456789', 18)}`);

export const together: OpenAIStyle = {
  completionId: (rng) => togetherId(rng),
  servedModel: (model) => model,
  callId: (rng) => `call_${rng.chars(LOWER_ALNUM, 24)}`,
  args: (args) => compactJson(args),
  groups: [1, 1, 1],
  roleChunk: false,
  streamedCalls: 'fragments',
  callFinish: { stream: 'tool_calls', body: 'tool_calls' },
  usage: 'final',
  chunk: (env, part, usage) => {
    const d = part?.delta;
    const text = d?.content ?? '';
    // A <|python_tag|> call ends with <|eom_id|>, a normal answer with <|eot_id|>.
    const endToken = env.text.startsWith('<|python_tag|>') ? EOM : EOT;
    const delta = d?.calls
      ? { role: 'assistant', content: null, tool_calls: d.calls.map((f) => openAIFragment(f)) }
      : {
          token_id: part?.finish ? endToken : llamaTokenId(text),
          role: 'assistant',
          content: text,
          tool_calls: null,
        };
    const choice = part && {
      index: 0,
      text,
      logprobs: null,
      finish_reason: part.finish,
      seed: part.finish ? llamaSeed(env.rng) : null,
      delta,
    };
    return {
      id: env.id,
      object: 'chat.completion.chunk',
      created: env.created,
      model: env.model,
      choices: choice ? [choice] : [],
      usage: usage ?? null,
    };
  },
  usageObject: (input, output) => ({ ...plainUsage(input, output), cached_tokens: 0 }),
  body: (env, answer, finish, usage) => ({
    id: env.id,
    object: 'chat.completion',
    created: env.created,
    model: env.model,
    prompt: [],
    choices: [
      {
        finish_reason: finish,
        seed: llamaSeed(env.rng),
        logprobs: null,
        index: 0,
        message: {
          role: 'assistant',
          content: answer.calls.length > 0 ? null : answer.text,
          tool_calls: messageCalls(answer.calls, (index) => ({ index })),
        },
      },
    ],
    usage,
  }),
  contentType: { stream: SSE_UTF8, json: 'application/json; charset=utf-8' },
  promptCost: [30, 180],
};
