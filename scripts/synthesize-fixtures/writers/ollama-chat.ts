// Ollama's native /api/chat wire: NDJSON, one message line per token, a final `done: true` line with counts and
// durations in nanoseconds. Tool call arguments are objects, and calls carry no id.
import type { FixtureChunk } from '../../../src/fixtures/fixture.ts';
import { errorResponse } from '../errors.ts';
import { estimateInputTokens, groupTokens, textTokens } from '../tokens.ts';
import { outputTokens, type WireContext, type WireResponse } from './wire.ts';

const MS = 1_000_000;

export function writeOllamaChat(context: WireContext): WireResponse {
  const { plan, rng, clock } = context;
  if (plan.kind === 'error') return errorResponse(context, plan.error, plan.refusal);
  const model = context.model;
  // Ollama stamps lines with nanosecond RFC 3339 times.
  const createdAt = (t: number) =>
    new Date(context.created * 1000 + t).toISOString().replace('Z', `${rng.chars('0123456789', 6)}Z`);
  const toolCalls = plan.calls.map((c) => ({ function: { name: c.name, arguments: c.args } }));
  const input = estimateInputTokens(context.body, 25, 150);
  const output = outputTokens(plan);
  const done = (t: number, firstT: number, message: object) => {
    const load = clock.loadMs * MS + rng.int(1, 9) * 100_000;
    const promptEval = Math.max(1, firstT - clock.loadMs - rng.int(5, 20)) * MS + rng.int(0, 999_999);
    const evalDuration = Math.max(1, t - firstT) * MS + rng.int(0, 999_999);
    return `${JSON.stringify({
      model,
      created_at: createdAt(t),
      message,
      done_reason: plan.stop === 'length' ? 'length' : 'stop',
      done: true,
      total_duration: load + promptEval + evalDuration + rng.int(200_000, 900_000),
      load_duration: load,
      prompt_eval_count: input,
      prompt_eval_duration: promptEval,
      eval_count: output,
      eval_duration: evalDuration,
    })}\n`;
  };

  if (!context.stream) {
    const t = clock.body(output);
    const message = {
      role: 'assistant',
      content: plan.text,
      ...(plan.reasoning ? { thinking: plan.reasoning } : {}),
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      chunks: [{ t, text: done(t, clock.firstByteMs, message).trimEnd() }],
    };
  }

  const chunks: FixtureChunk[] = [];
  const line = (t: number, message: object) =>
    chunks.push({
      t,
      text: `${JSON.stringify({ model, created_at: createdAt(t), message, done: false })}\n`,
    });
  // With `think`, the thinking streams first, a token a line, in `thinking` beside an empty content.
  for (const thinking of plan.reasoning ? groupTokens(textTokens(plan.reasoning), rng, 1, 1, 1) : []) {
    line(chunks.length === 0 ? clock.first() : clock.token(), { role: 'assistant', content: '', thinking });
  }
  const pieces = plan.text === '' ? [] : groupTokens(textTokens(plan.text), rng, 1, 1, 1);
  for (const content of pieces)
    line(chunks.length === 0 ? clock.first() : clock.token(), { role: 'assistant', content });
  if (toolCalls.length > 0) {
    line(chunks.length === 0 ? clock.first() : clock.token(), {
      role: 'assistant',
      content: '',
      tool_calls: toolCalls,
    });
  }
  const firstT = chunks[0]?.t ?? clock.firstByteMs;
  const t = clock.token();
  chunks.push({ t, text: done(t, firstT, { role: 'assistant', content: '' }) });
  return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, chunks };
}
