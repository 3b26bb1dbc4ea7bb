// The Gemini generateContent wire: `?alt=sse` events framed with CRLF, each a whole GenerateContentResponse
// with a running usageMetadata; function calls arrive whole, without ids.
import type { FixtureChunk } from '../../../src/fixtures/fixture.ts';
import { errorResponse } from '../errors.ts';
import { BASE64, BASE64URL } from '../prng.ts';
import { estimateInputTokens, groupTokens, textTokens } from '../tokens.ts';
import {
  bodyChunks,
  outputTokens,
  reasoningTokens,
  sseData,
  type WireContext,
  type WireResponse,
} from './wire.ts';

/** Google's stream serialiser: a space after each colon, none after commas. */
export function googleJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(googleJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${googleJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

type Part =
  | { text: string; thought?: true }
  | { functionCall: { name: string; args: object }; thoughtSignature?: string };

export function writeGemini(context: WireContext): WireResponse {
  const { plan, rng, clock } = context;
  if (plan.kind === 'error') return errorResponse(context, plan.error, plan.refusal);
  const responseId = rng.chars(BASE64URL, 23);
  const input = estimateInputTokens(context.body, 2, 30);
  // Gemini counts thoughts apart from the candidates: thoughtsTokenCount, and in the total.
  const thoughts = reasoningTokens(plan);
  const output = outputTokens(plan) - thoughts;
  const promptDetails = [{ modality: 'TEXT', tokenCount: input }];
  const usage = (candidates: number, final: boolean) => ({
    promptTokenCount: input,
    candidatesTokenCount: candidates,
    totalTokenCount: input + candidates + thoughts,
    promptTokensDetails: promptDetails,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(final ? { candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: candidates }] } : {}),
  });
  const thought: Part[] = plan.reasoning ? [{ text: plan.reasoning, thought: true }] : [];
  const finishReason = plan.stop === 'length' ? 'MAX_TOKENS' : 'STOP';
  // A thinking model signs each call; the signature must come back with it on the next turn.
  const calls: Part[] = plan.calls.map((c) => ({
    functionCall: { name: c.name, args: c.args },
    ...(plan.reasoning ? { thoughtSignature: `${rng.chars(BASE64, 340)}==` } : {}),
  }));
  const headers = (contentType: string, dur: number) => ({
    'content-type': contentType,
    server: 'scaffolding on HTTPServer2',
    'server-timing': `gfet4t7; dur=${dur}`,
  });

  if (!context.stream) {
    const parts: Part[] = [...thought, ...(plan.text !== '' ? [{ text: plan.text }] : []), ...calls];
    const body = {
      candidates: [
        {
          content: { parts, role: 'model' },
          finishReason,
          avgLogprobs: -(rng.int(5, 900) / 10000),
        },
      ],
      usageMetadata: usage(output, true),
      modelVersion: context.model,
      responseId,
    };
    const t = clock.body(output);
    return {
      status: 200,
      headers: headers('application/json; charset=UTF-8', t),
      chunks: bodyChunks(`${JSON.stringify(body, null, 2)}\n`, t, rng),
    };
  }

  // Text in growing pieces; the calls, the finish reason and the final usage ride on the last event.
  const pieces = plan.text === '' ? [] : groupTokens(textTokens(plan.text), rng, 1, 6, 14);
  // A thought summary arrives whole, in an event of its own, before the answer.
  const events: Part[][] = [...(thought.length > 0 ? [thought] : []), ...pieces.map((text) => [{ text }])];
  if (calls.length > 0) events.push(calls);
  const chunks: FixtureChunk[] = [];
  let emitted = 0;
  events.forEach((parts, i) => {
    const last = i === events.length - 1;
    const answered = parts.map((part) => ('text' in part && !part.thought ? part.text : '')).join('');
    emitted = last ? output : Math.min(output - 1, emitted + (answered ? textTokens(answered).length : 0));
    const candidate = {
      content: { parts, role: 'model' },
      ...(last ? { finishReason } : {}),
      index: 0,
    };
    const response = {
      candidates: [candidate],
      usageMetadata: usage(emitted, last),
      modelVersion: context.model,
      responseId,
    };
    chunks.push({ t: i === 0 ? clock.first() : clock.token(), text: sseData(googleJson(response), '\r\n') });
  });
  return { status: 200, headers: headers('text/event-stream', clock.firstByteMs), chunks };
}
