/** The usual rule of thumb for English text and JSON with BPE tokenizers. */
export const CHARS_PER_TOKEN = 4;

/** Output tokens estimated from the characters of content: ≈ chars / 4, at least 1 when there was any. */
export function estimateTokens(chars: number): number {
  return chars > 0 ? Math.max(1, Math.round(chars / CHARS_PER_TOKEN)) : 0;
}
