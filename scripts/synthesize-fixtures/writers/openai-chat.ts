// The OpenAI chat-completions wire (six providers, and Mistral's native API, which shares its shape). The
// sequence of chunks is built here once; each provider's style decides ids, field sets and quirks.
import type { FixtureChunk } from '../../../src/fixtures/fixture.ts';
import { errorResponse } from '../errors.ts';
import type { AnswerPlan } from '../plans.ts';
import type { Rng } from '../prng.ts';
import { estimateInputTokens, groupTokens, jsonTokens, textTokens } from '../tokens.ts';
import { bodyChunks, outputTokens, sseData, type WireContext, type WireResponse } from './wire.ts';

export interface WireCall {
  id: string;
  name: string;
  /** Arguments as JSON text. */
  args: string;
}

/** One fragment of a streamed tool call: `id`/`name` only on the first, `args` may be the whole text. */
export interface CallFragment {
  index: number;
  id?: string;
  name?: string;
  args: string;
}

/** What one streamed chunk carries, before a style gives it the provider's shape. */
export interface NeutralDelta {
  /** First chunk of the answer: where `role: "assistant"` goes. */
  first: boolean;
  content?: string;
  calls?: CallFragment[];
}

export interface Envelope {
  id: string;
  created: number;
  model: string;
  /** The answer's whole text. */
  text: string;
  /** The case's PRNG, for per-chunk values (padding, seeds). */
  rng: Rng;
}

export interface OpenAIStyle {
  completionId(rng: Rng, created: number): string;
  servedModel(requested: string): string;
  callId(rng: Rng, name: string, index: number): string;
  args(args: Record<string, unknown>, parallel: boolean): string;
  /** Tokens per text delta: first delta, then min..max. */
  groups: [number, number, number];
  /** A first chunk with the role and empty content before any text. */
  roleChunk: boolean;
  streamedCalls: 'fragments' | 'whole';
  /** The finish reason sent for an answer with tool calls. */
  callFinish: { stream: string; body: string };
  /**
   * Where stream usage goes: its own chunk with `choices: []` when asked for, the finish chunk when asked for,
   * or the finish chunk always.
   */
  usage: 'separate-if-asked' | 'final-if-asked' | 'final';
  /**
   * The finish reason rides on the last delta instead of a chunk of its own: always (Gemini), or when that delta
   * is a tool call (Mistral).
   */
  finishOnLastDelta?: 'always' | 'calls';
  /** Keep-alive comments before the first data (OpenRouter). */
  comments?: [number, number];
  chunk(
    env: Envelope,
    part: { delta: NeutralDelta; finish: string | null } | undefined,
    usage: unknown,
  ): object;
  usageObject(input: number, output: number): object;
  body(env: Envelope, answer: { text: string; calls: WireCall[] }, finish: string, usage: object): object;
  serializeBody?(body: object): string;
  contentType: { stream: string; json: string };
  headers?(context: WireContext, firstByteMs: number): Record<string, string>;
  /** Input tokens: base, and the extra a tool definition costs. */
  promptCost: [number, number];
}

/** A text answer's finish_reason: `length` at the output limit; a stop sequence is `stop`, as a natural end is. */
function textFinish(plan: AnswerPlan): string {
  return plan.stop === 'length' ? 'length' : 'stop';
}

function streamDeltas(style: OpenAIStyle, plan: AnswerPlan, calls: WireCall[], rng: Rng): NeutralDelta[] {
  const deltas: NeutralDelta[] = [];
  if (style.roleChunk) deltas.push({ first: true, content: '' });
  const pieces = plan.text === '' ? [] : groupTokens(textTokens(plan.text), rng, ...style.groups);
  for (const content of pieces) deltas.push({ first: deltas.length === 0, content });
  if (calls.length > 0 && style.streamedCalls === 'whole') {
    const fragments = calls.map((c, index) => ({ index, id: c.id, name: c.name, args: c.args }));
    deltas.push({ first: deltas.length === 0, calls: fragments });
  } else {
    calls.forEach((c, index) => {
      const start = { first: deltas.length === 0, calls: [{ index, id: c.id, name: c.name, args: '' }] };
      // OpenAI sends the role with the first call fragment when the answer opens with a call.
      const role = deltas.length === 1 && deltas[0]?.content === '' ? deltas.pop() : undefined;
      deltas.push(role ? { ...start, first: true } : start);
      for (const args of jsonTokens(c.args)) deltas.push({ first: false, calls: [{ index, args }] });
    });
  }
  return deltas;
}

function writeStream(
  style: OpenAIStyle,
  context: WireContext,
  plan: AnswerPlan,
  env: Envelope,
  calls: WireCall[],
  usage: object,
): FixtureChunk[] {
  const { rng, clock } = context;
  const chunks: FixtureChunk[] = [];
  const push = (t: number, data: unknown) =>
    chunks.push({ t, text: sseData(typeof data === 'string' ? data : JSON.stringify(data)) });

  if (style.comments) {
    const count = rng.int(...style.comments);
    for (let i = 0; i < count; i++) chunks.push({ t: clock.comment(), text: ': OPENROUTER PROCESSING\n\n' });
  }
  const streamOptions = context.body.stream_options as { include_usage?: boolean } | undefined;
  const asked = streamOptions?.include_usage === true;
  const usageOnFinish = style.usage === 'final' || (style.usage === 'final-if-asked' && asked);
  const usageChunk = style.usage === 'separate-if-asked' && asked;
  // OpenAI marks every chunk `usage: null` when usage was asked for; the last chunk carries it.
  const perChunkUsage = usageChunk ? null : undefined;
  const finish = calls.length > 0 ? style.callFinish.stream : textFinish(plan);

  const deltas = streamDeltas(style, plan, calls, rng);
  const lastDelta = deltas.at(-1);
  const finishOnLast =
    style.finishOnLastDelta === 'always' ||
    (style.finishOnLastDelta === 'calls' && lastDelta?.calls !== undefined);
  deltas.forEach((delta, i) => {
    const last = i === deltas.length - 1 && finishOnLast;
    const t = i === 0 ? clock.first() : clock.token();
    const u = last && usageOnFinish ? usage : perChunkUsage;
    push(t, style.chunk(env, { delta, finish: last ? finish : null }, u));
  });
  if (!finishOnLast) {
    push(
      clock.token(),
      style.chunk(env, { delta: { first: false }, finish }, usageOnFinish ? usage : perChunkUsage),
    );
  }
  if (usageChunk) push(clock.tail(), style.chunk(env, undefined, usage));
  push(clock.tail(), '[DONE]');
  return chunks;
}

/** Answers one request in the style's shape: an error, a JSON body, or an SSE stream. */
export function writeOpenAIChat(style: OpenAIStyle, context: WireContext): WireResponse {
  const { plan, rng, clock } = context;
  if (plan.kind === 'error') return errorResponse(context, plan.error, plan.refusal);
  const env: Envelope = {
    id: style.completionId(rng, context.created),
    created: context.created,
    model: style.servedModel(context.model),
    text: plan.text,
    rng,
  };
  const calls = plan.calls.map((c, i) => ({
    id: style.callId(rng, c.name, i),
    name: c.name,
    args: style.args(c.args, plan.calls.length > 1),
  }));
  const input = estimateInputTokens(context.body, ...style.promptCost);
  const usage = style.usageObject(input, outputTokens(plan));
  let chunks: FixtureChunk[];
  if (context.stream) {
    chunks = writeStream(style, context, plan, env, calls, usage);
  } else {
    const finish = calls.length > 0 ? style.callFinish.body : textFinish(plan);
    const body = style.body(env, { text: plan.text, calls }, finish, usage);
    const text = style.serializeBody ? style.serializeBody(body) : JSON.stringify(body);
    chunks = bodyChunks(text, clock.body(outputTokens(plan)), rng);
  }
  return {
    status: 200,
    headers: {
      'content-type': context.stream ? style.contentType.stream : style.contentType.json,
      ...style.headers?.(context, clock.firstByteMs),
    },
    chunks,
  };
}
