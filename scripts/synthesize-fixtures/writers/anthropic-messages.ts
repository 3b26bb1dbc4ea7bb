// The Anthropic Messages wire: `event:` lines, ping, content blocks, usage in message_start and message_delta.
import type { FixtureChunk } from '../../../src/fixtures/fixture.ts';
import { errorResponse } from '../errors.ts';
import type { Rng } from '../prng.ts';
import { BASE58, BASE64 } from '../prng.ts';
import { estimateInputTokens, groupTokens, jsonTokens, textTokens } from '../tokens.ts';
import {
  bodyChunks,
  outputTokens,
  spacedJson,
  sseEvent,
  type WireContext,
  type WireResponse,
} from './wire.ts';

const SERVED_MODEL: Record<string, string> = { 'claude-sonnet-4-0': 'claude-sonnet-4-20250514' };
// Anthropic's ping is the one event serialised with a space after the colon.
const PING = sseEvent('ping', '{"type": "ping"}');

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: object };

/** A thinking block's signature: opaque base64 the API checks when the block comes back on a later turn. */
const signature = (rng: Rng) => `${rng.chars(BASE64, 340)}==`;

const event = (data: { type: string; [field: string]: unknown }) => sseEvent(data.type, JSON.stringify(data));

export function writeAnthropicMessages(context: WireContext): WireResponse {
  const { plan, rng, clock } = context;
  if (plan.kind === 'error') return errorResponse(context, plan.error, plan.refusal);
  const model = SERVED_MODEL[context.model] ?? context.model;
  const id = `msg_01${rng.chars(BASE58, 22)}`;
  const blocks: Block[] = [
    ...(plan.reasoning
      ? [{ type: 'thinking' as const, thinking: plan.reasoning, signature: signature(rng) }]
      : []),
    ...(plan.text !== '' ? [{ type: 'text' as const, text: plan.text }] : []),
    ...plan.calls.map((c) => ({
      type: 'tool_use' as const,
      id: `toolu_01${rng.chars(BASE58, 22)}`,
      name: c.name,
      input: c.args,
    })),
  ];
  const stopReason =
    plan.calls.length > 0
      ? 'tool_use'
      : plan.stop === 'length'
        ? 'max_tokens'
        : plan.stop === 'stop-sequence'
          ? 'stop_sequence'
          : 'end_turn';
  // Which of the request's stop sequences ended the answer: Anthropic names it beside stop_reason.
  const sent = context.body.stop_sequences;
  const stopSequence = plan.stop === 'stop-sequence' && Array.isArray(sent) ? String(sent[0]) : null;
  const input = estimateInputTokens(context.body, 8, 380);
  const output = outputTokens(plan);
  const cacheFields = { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const fullUsage = (out: number) => ({
    input_tokens: input,
    ...cacheFields,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: out,
    service_tier: 'standard',
  });
  const headers = (contentType: string) => ({
    'content-type': contentType,
    'request-id': `req_011C${rng.chars(BASE58, 20)}`,
  });

  if (!context.stream) {
    const body = {
      model,
      id,
      type: 'message',
      role: 'assistant',
      content: blocks,
      stop_reason: stopReason,
      stop_sequence: stopSequence,
      usage: fullUsage(output),
    };
    return {
      status: 200,
      headers: headers('application/json'),
      chunks: bodyChunks(JSON.stringify(body), clock.body(output), rng),
    };
  }

  const message = { model, id, type: 'message', role: 'assistant', content: [], stop_reason: null };
  const start = event({
    type: 'message_start',
    message: { ...message, stop_sequence: null, usage: fullUsage(1) },
  });
  const chunks: FixtureChunk[] = [];
  let opening = start;
  blocks.forEach((block, index) => {
    const head = event({ type: 'content_block_start', index, content_block: emptyBlock(block) });
    const pieces = blockDeltas(block, rng);
    // The first block starts in the same read as message_start, with a ping behind it.
    chunks.push({
      t: index === 0 ? clock.first() : clock.token(),
      text: `${opening}${head}${index === 0 ? PING : ''}`,
    });
    opening = '';
    for (const delta of pieces) {
      const ping = rng.next() < 0.15 ? PING : '';
      chunks.push({ t: clock.token(), text: event({ type: 'content_block_delta', index, delta }) + ping });
    }
    chunks.push({ t: clock.tail(), text: event({ type: 'content_block_stop', index }) });
  });
  const closing =
    event({
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: stopSequence },
      usage: { input_tokens: input, ...cacheFields, output_tokens: output },
    }) + event({ type: 'message_stop' });
  chunks.push({ t: clock.token(), text: closing });
  return { status: 200, headers: headers('text/event-stream; charset=utf-8'), chunks };
}

/** How a block opens in a stream: empty, its content to come in deltas. */
function emptyBlock(block: Block): object {
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  if (block.type === 'text') return { type: 'text', text: '' };
  return { ...block, input: {} };
}

/** A block's content deltas; thinking ends with its signature, which arrives whole. */
function blockDeltas(block: Block, rng: Rng): object[] {
  if (block.type === 'thinking') {
    const pieces = groupTokens(textTokens(block.thinking), rng, 2, 3, 9);
    return [
      ...pieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: block.signature },
    ];
  }
  if (block.type === 'text') {
    return groupTokens(textTokens(block.text), rng, 1, 1, 5).map((text) => ({ type: 'text_delta', text }));
  }
  return ['', ...groupTokens(jsonTokens(spacedJson(block.input)), rng, 3, 2, 4)].map((partial_json) => ({
    type: 'input_json_delta',
    partial_json,
  }));
}
