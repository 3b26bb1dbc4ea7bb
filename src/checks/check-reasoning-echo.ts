import { type Diagnostic, failure } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { bodyText } from './read-error-body.ts';

/**
 * Where each protocol puts the opaque reasoning state a thinking model wants back on the next turn: Anthropic's
 * thinking-block `signature`, Gemini's `thoughtSignature`, and its OpenAI endpoint's `thought_signature`. The same
 * field names carry it in the answer and in the request that follows, so one reading serves every protocol.
 */
const SIGNATURE = /"(signature|thoughtSignature|thought_signature)"\s*:\s*"((?:[^"\\]|\\.)+)"/g;

/** The non-empty signatures in a JSON text (a body, or a stream's events), by value, with the field that held them. */
export function signaturesIn(text: string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of (text ?? '').matchAll(SIGNATURE)) {
    const [, field, value] = match;
    if (field && value) found.set(value, field);
  }
  return found;
}

/**
 * The reasoning state an answer carried, checked against the request that followed it: every signature must go
 * back. A thinking model refuses a tool turn without it (Anthropic: a tool turn must open with its signed
 * thinking block; Gemini: "Function call is missing a thought_signature", simonw/llm-gemini#119).
 */
export function checkReasoningEcho(answer: TappedExchange, next: TappedExchange): Diagnostic[] {
  const issued = signaturesIn(bodyText(answer));
  if (issued.size === 0) return [];
  const sent = signaturesIn(next.request.body);
  const dropped = [...issued].filter(([value]) => !sent.has(value));
  if (dropped.length === 0) return [];
  const fields = [...new Set(dropped.map(([, field]) => `\`${field}\``))].join(', ');
  return [
    failure(
      'reasoning-state-dropped',
      `${dropped.length} of the ${issued.size} reasoning signature(s) the answer carried (${fields}) did not go ` +
        'back with the next request: a thinking model refuses that turn, or loses what it reasoned',
      dropped[0]?.[0].slice(0, 60),
    ),
  ];
}
