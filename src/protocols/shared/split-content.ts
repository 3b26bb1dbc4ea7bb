import { isRecord } from '../../core/is-record.ts';

export interface SplitContent {
  text: string;
  reasoning: string;
}

function thinkingText(thinking: unknown): string {
  if (!Array.isArray(thinking)) return '';
  let text = '';
  for (const part of thinking) if (isRecord(part) && typeof part.text === 'string') text += part.text;
  return text;
}

/**
 * An OpenAI-style message `content`: a string, or (Mistral; magistral) an array of `text` chunks and `thinking`
 * chunks, each of those an array of text parts. Anything else reads as nothing.
 */
export function splitContent(content: unknown): SplitContent {
  if (typeof content === 'string') return { text: content, reasoning: '' };
  let text = '';
  let reasoning = '';
  if (!Array.isArray(content)) return { text, reasoning };
  for (const chunk of content) {
    if (!isRecord(chunk)) continue;
    if (chunk.type === 'text' && typeof chunk.text === 'string') text += chunk.text;
    if (chunk.type === 'thinking') reasoning += thinkingText(chunk.thinking);
  }
  return { text, reasoning };
}
