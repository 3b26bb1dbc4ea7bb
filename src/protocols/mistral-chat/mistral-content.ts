import type { ContentChunk } from '@mistralai/mistralai/models/components';

export interface SplitContent {
  text: string;
  reasoning: string;
}

/** Mistral content is a string, or (magistral) an array of `text` and `thinking` chunks. */
export function splitMistralContent(content: string | ContentChunk[] | null | undefined): SplitContent {
  if (typeof content === 'string') return { text: content, reasoning: '' };
  let text = '';
  let reasoning = '';
  for (const chunk of content ?? []) {
    if (chunk.type === 'text' && 'text' in chunk) text += chunk.text;
    if (chunk.type === 'thinking' && 'thinking' in chunk) {
      for (const part of chunk.thinking) {
        if ('text' in part && typeof part.text === 'string') reasoning += part.text;
      }
    }
  }
  return { text, reasoning };
}
