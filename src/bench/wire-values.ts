import type { Protocol } from '../protocols/types.ts';
import { createNdjsonSplitter } from '../wire/ndjson.ts';
import { createSseParser, type SseEvent } from '../wire/sse.ts';

/** Cuts a response body into protocol values as its text arrives; each value is parsed once. */
export interface WireValueReader {
  feed(text: string): void;
  /** The body ended: an unterminated last event or line still counts, a whole JSON body is parsed now. */
  end(): void;
}

export type OnWireValue = (value: unknown, event?: string) => void;

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function sseValues(onValue: OnWireValue): WireValueReader {
  const handle = (event: SseEvent) => {
    if (event.data === '[DONE]') return;
    const result = parsed(event.data);
    if (result.ok) onValue(result.value, event.event);
  };
  const parser = createSseParser({ onEvent: handle });
  return {
    feed: (text) => parser.feed(text),
    end() {
      const rest = parser.end();
      if (rest?.event) handle(rest.event);
    },
  };
}

function ndjsonValues(onValue: OnWireValue): WireValueReader {
  const handle = (line: string) => {
    const result = parsed(line);
    if (result.ok) onValue(result.value);
  };
  const splitter = createNdjsonSplitter(handle);
  return {
    feed: (text) => splitter.feed(text),
    end() {
      const rest = splitter.end();
      if (rest !== undefined) handle(rest);
    },
  };
}

/** A whole answer is one JSON document: nothing is usable before its last byte. */
function wholeBody(onValue: OnWireValue): WireValueReader {
  const parts: string[] = [];
  return {
    feed: (text) => {
      parts.push(text);
    },
    end() {
      const result = parsed(parts.join(''));
      if (result.ok) onValue(result.value);
    },
  };
}

/** Streams are SSE, except Ollama's native NDJSON; an answer that is not streamed is one JSON body. */
export function createWireValueReader(
  protocol: Protocol,
  stream: boolean,
  onValue: OnWireValue,
): WireValueReader {
  if (!stream) return wholeBody(onValue);
  return protocol === 'ollama-chat' ? ndjsonValues(onValue) : sseValues(onValue);
}
