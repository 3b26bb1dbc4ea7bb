/** What one protocol value (an SSE event's data, an NDJSON line, a whole JSON body) carried. */
export interface ContentInfo {
  /** Non-empty text, reasoning, or a tool call's name or argument text: what makes a chunk count for TTFT. */
  content: boolean;
  /** Characters of that content, for the token estimate. */
  chars: number;
  /** Output tokens the provider reported here (counts are cumulative: the last one seen wins). */
  outputTokens?: number;
}

/** Reads one parsed protocol value; `event` is the SSE `event:` name when there was one. */
export type ContentReader = (value: unknown, event?: string) => ContentInfo;

export const NO_CONTENT: ContentInfo = Object.freeze({ content: false, chars: 0 });

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

/** Arguments sent as JSON text (OpenAI) or as an object (Gemini, Ollama): their length as JSON text. */
export function argumentsLength(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') return value.length;
  const text = JSON.stringify(value);
  return text === '{}' ? 0 : text.length;
}

export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Accumulates the content of the parts of one value. */
export class ContentTally {
  content = false;
  chars = 0;
  outputTokens: number | undefined;

  /** Text-like content: counts when non-empty. */
  text(length: number): void {
    if (length > 0) {
      this.content = true;
      this.chars += length;
    }
  }

  /** A tool call fragment: counts when it names the tool or carries argument text. */
  toolCall(nameLength: number, argumentsChars: number): void {
    if (nameLength > 0 || argumentsChars > 0) {
      this.content = true;
      this.chars += nameLength + argumentsChars;
    }
  }

  info(): ContentInfo {
    if (!this.content && this.outputTokens === undefined) return NO_CONTENT;
    const info: ContentInfo = { content: this.content, chars: this.chars };
    if (this.outputTokens !== undefined) info.outputTokens = this.outputTokens;
    return info;
  }
}
