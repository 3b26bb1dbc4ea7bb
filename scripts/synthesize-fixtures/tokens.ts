import type { Rng } from './prng.ts';

// Rough BPE-like pieces: a special token, a word, number or run of punctuation with its leading space, a line break.
const TEXT_PIECE =
  /<\|[a-z_]+\|>|\n+|[^\S\n]*[A-Za-zÀ-ÿ']+|[^\S\n]*\d+|[^\S\n]*[^\sA-Za-zÀ-ÿ'\d]+|[^\S\n]+/gu;
// JSON argument fragments as models emit them: `{"`, `city`, `":"`, ` "`, `Paris`, `"}`.
const JSON_PIECE = /\{\s*"|"\s*\}+|"\s*:\s*"?|"?\s*,\s*"|\s?[A-Za-z_]+|\s?\d+(?:\.\d+)?|[\s\S]/g;

function split(text: string, pattern: RegExp): string[] {
  const pieces = text.match(pattern) ?? [];
  if (pieces.join('') !== text) throw new Error(`tokenizer lost text: ${JSON.stringify(text)}`);
  return pieces;
}

/** Splits answer text into token-sized pieces (joined they give the text back exactly). */
export function textTokens(text: string): string[] {
  return split(text, TEXT_PIECE);
}

/** Splits JSON argument text into the fragments a streaming model would send. */
export function jsonTokens(json: string): string[] {
  return split(json, JSON_PIECE);
}

/**
 * Groups tokens into stream deltas: the first delta holds `first` tokens, the rest `min`..`max` each.
 * One token per delta is what OpenAI-style servers send; Anthropic and Gemini send bigger pieces.
 */
export function groupTokens(tokens: string[], rng: Rng, first: number, min: number, max: number): string[] {
  const groups: string[] = [];
  let i = 0;
  let size = first;
  while (i < tokens.length) {
    groups.push(tokens.slice(i, i + size).join(''));
    i += size;
    size = rng.int(min, max);
  }
  return groups;
}

/** An input-token estimate from the request body: deterministic and of a plausible size. */
export function estimateInputTokens(body: unknown, base: number, perTool: number): number {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const conversation = record.messages ?? record.contents ?? [];
  const system = record.system ?? record.systemInstruction ?? '';
  const chars = JSON.stringify(conversation).length + JSON.stringify(system).length;
  const tools = JSON.stringify(record.tools ?? []).length > 2 ? perTool : 0;
  return base + Math.ceil(chars / 5) + tools;
}
