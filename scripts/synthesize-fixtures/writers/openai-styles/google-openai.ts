// Google's OpenAI endpoint: sorted keys, streamed calls whole without index or id, finish "stop" in streams.
import { BASE64URL } from '../../prng.ts';
import type { OpenAIStyle, WireCall } from '../openai-chat.ts';
import { compactJson, sortKeys } from '../wire.ts';
import { messageCalls, plainUsage } from './shared.ts';

/** The calls of a body; a thinking model's carry their thought signature in extra_content. */
function signedCalls(calls: WireCall[]): object[] {
  return messageCalls(calls).map((call, i) => {
    const signature = calls[i]?.signature;
    return signature ? { ...call, extra_content: { google: { thought_signature: signature } } } : call;
  });
}

export const googleOpenAI: OpenAIStyle = {
  completionId: (rng) => rng.chars(BASE64URL, 23),
  servedModel: (model) => model,
  callId: (rng) => `function-call-${rng.int(1, 9)}${rng.chars('0123456789', 18)}`,
  args: (args) => compactJson(args),
  groups: [1, 6, 14],
  roleChunk: false,
  streamedCalls: 'whole',
  // Streams end with "stop" even when the answer is a tool call; bodies say "tool_calls".
  callFinish: { stream: 'stop', body: 'tool_calls' },
  usage: 'final-if-asked',
  finishOnLastDelta: 'always',
  chunk: (env, part, usage) => {
    const d = part?.delta;
    // A streamed call comes whole, without index, with an empty id and Gemini's thought signature.
    const toolCalls = d?.calls?.map((f) => ({
      function: { arguments: f.args, name: f.name },
      id: '',
      type: 'function',
      extra_content: { google: { thought_signature: env.rng.chars(BASE64URL, 120) } },
    }));
    const delta = d && {
      role: 'assistant',
      ...(d.content !== undefined ? { content: d.content } : {}),
      ...(toolCalls ? { tool_calls: toolCalls } : {}),
    };
    return sortKeys({
      choices: part ? [{ delta, index: 0, ...(part.finish ? { finish_reason: part.finish } : {}) }] : [],
      created: env.created,
      id: env.id,
      model: env.model,
      object: 'chat.completion.chunk',
      ...(usage ? { usage } : {}),
    }) as object;
  },
  usageObject: plainUsage,
  body: (env, answer, finish, usage) =>
    sortKeys({
      choices: [
        {
          finish_reason: finish,
          index: 0,
          message: {
            role: 'assistant',
            ...(answer.text !== '' || answer.calls.length === 0 ? { content: answer.text } : {}),
            ...(answer.calls.length > 0 ? { tool_calls: signedCalls(answer.calls) } : {}),
          },
        },
      ],
      created: env.created,
      id: env.id,
      model: env.model,
      object: 'chat.completion',
      usage,
    }) as object,
  contentType: { stream: 'text/event-stream', json: 'application/json; charset=UTF-8' },
  headers: (context, firstByteMs) => ({
    server: 'scaffolding on HTTPServer2',
    'server-timing': `gfet4t7; dur=${context.stream ? firstByteMs : context.clock.now}`,
  }),
  promptCost: [2, 30],
  // Thoughts come back only when asked through extra_body, which an OpenAI client does not send.
  reasoning: 'hidden',
  callSignature: (rng) => rng.chars(BASE64URL, 120),
};
