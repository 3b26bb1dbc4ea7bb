// The OpenAI chat-completions wire (six providers, and Mistral's native API, which shares its shape). The
// sequence of chunks is built here once; each provider's style decides ids, field sets and quirks.
import type { FixtureChunk } from '../../../src/fixtures/fixture.ts';
import { errorResponse } from '../errors.ts';
import type { AnswerPlan } from '../plans.ts';
import type { Rng } from '../prng.ts';
import { estimateInputTokens, groupTokens, jsonTokens, textTokens } from '../tokens.ts';
import {
  bodyChunks,
  outputTokens,
  reasoningTokens,
  sseData,
  type WireContext,
  type WireResponse,
} from './wire.ts';

export interface WireCall {
  id: string;
  name: string;
  /** Arguments as JSON text. */
  args: string;
  /** A thinking model's signature on the call, where the style sends one (Google's OpenAI endpoint). */
  signature?: string;
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
  /** A piece of the thinking, before any text. */
  reasoning?: string;
  calls?: CallFragment[];
}

/**
 * Where a provider puts a reasoning model's thinking: a `reasoning_content` field (DeepSeek's, which others copied),
 * a `reasoning` field (OpenRouter, Ollama), Mistral's `thinking` content chunks, or nowhere (OpenAI keeps it back
 * and counts it in `completion_tokens_details.reasoning_tokens`).
 */
export type ReasoningPlace = 'reasoning_content' | 'reasoning' | 'thinking-chunks' | 'hidden';

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
  /** The finish reason, streamed or not, of the call answering a tool forced by name, where it is another. */
  namedChoiceFinish?: string;
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
  /** Where the thinking goes (default `reasoning_content`). */
  reasoning?: ReasoningPlace;
  /** A signature for each call of a thinking model's answer (Gemini's thought signature), where the style has one. */
  callSignature?(rng: Rng): string;
}

const thinkingChunk = (text: string) => ({ type: 'thinking', thinking: [{ type: 'text', text }] });

/** The thinking put into a built delta or message, where the style says it goes. */
function placeReasoning(
  style: OpenAIStyle,
  target: Record<string, unknown>,
  reasoning: string,
  text?: string,
) {
  const place = style.reasoning ?? 'reasoning_content';
  if (place === 'hidden') return;
  if (place === 'thinking-chunks') {
    target.content =
      text === undefined ? [thinkingChunk(reasoning)] : [thinkingChunk(reasoning), { type: 'text', text }];
  } else {
    target[place] = reasoning;
  }
}

/** The choice's delta (a chunk) or message (a body) of a built object, for the thinking to go into. */
function firstChoicePart(built: object, key: 'delta' | 'message'): Record<string, unknown> | undefined {
  const choices = (built as { choices?: Record<string, unknown>[] }).choices;
  const part = choices?.[0]?.[key];
  return typeof part === 'object' && part !== null ? (part as Record<string, unknown>) : undefined;
}

/** Reasoning tokens counted in the usage where the style's usage has the field (OpenAI, OpenRouter). */
function countReasoning(usage: object, tokens: number): object {
  const details = (usage as { completion_tokens_details?: Record<string, unknown> })
    .completion_tokens_details;
  if (tokens === 0 || details === undefined) return usage;
  return { ...usage, completion_tokens_details: { ...details, reasoning_tokens: tokens } };
}

/** A text answer's finish_reason: `length` at the output limit; a stop sequence is `stop`, as a natural end is. */
function textFinish(plan: AnswerPlan): string {
  return plan.stop === 'length' ? 'length' : 'stop';
}

/** The finish_reason of an answer: its calls', the style's own for a tool forced by name, or its text's. */
function finishOf(style: OpenAIStyle, context: WireContext, plan: AnswerPlan, calls: WireCall[]): string {
  if (calls.length === 0) return textFinish(plan);
  const forcedByName = typeof context.body.tool_choice === 'object' && context.body.tool_choice !== null;
  if (forcedByName && style.namedChoiceFinish !== undefined) return style.namedChoiceFinish;
  return context.stream ? style.callFinish.stream : style.callFinish.body;
}

function streamDeltas(style: OpenAIStyle, plan: AnswerPlan, calls: WireCall[], rng: Rng): NeutralDelta[] {
  const deltas: NeutralDelta[] = [];
  if (style.roleChunk) deltas.push({ first: true, content: '' });
  if (plan.reasoning && style.reasoning !== 'hidden') {
    for (const reasoning of groupTokens(textTokens(plan.reasoning), rng, ...style.groups)) {
      deltas.push({ first: deltas.length === 0, reasoning });
    }
  }
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
  const finish = finishOf(style, context, plan, calls);

  const deltas = streamDeltas(style, plan, calls, rng);
  const lastDelta = deltas.at(-1);
  const finishOnLast =
    style.finishOnLastDelta === 'always' ||
    (style.finishOnLastDelta === 'calls' && lastDelta?.calls !== undefined);
  deltas.forEach((delta, i) => {
    const last = i === deltas.length - 1 && finishOnLast;
    const t = i === 0 ? clock.first() : clock.token();
    const u = last && usageOnFinish ? usage : perChunkUsage;
    const built = style.chunk(env, { delta, finish: last ? finish : null }, u);
    const target = delta.reasoning === undefined ? undefined : firstChoicePart(built, 'delta');
    if (target && delta.reasoning !== undefined) placeReasoning(style, target, delta.reasoning);
    push(t, built);
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
  const calls: WireCall[] = plan.calls.map((c, i) => ({
    id: style.callId(rng, c.name, i),
    name: c.name,
    args: style.args(c.args, plan.calls.length > 1),
    ...(plan.reasoning && style.callSignature ? { signature: style.callSignature(rng) } : {}),
  }));
  const input = estimateInputTokens(context.body, ...style.promptCost);
  const usage = countReasoning(style.usageObject(input, outputTokens(plan)), reasoningTokens(plan));
  let chunks: FixtureChunk[];
  if (context.stream) {
    chunks = writeStream(style, context, plan, env, calls, usage);
  } else {
    const finish = finishOf(style, context, plan, calls);
    const body = style.body(env, { text: plan.text, calls }, finish, usage);
    const message = plan.reasoning ? firstChoicePart(body, 'message') : undefined;
    if (message && plan.reasoning) placeReasoning(style, message, plan.reasoning, plan.text);
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
