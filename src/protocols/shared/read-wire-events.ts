import { createNdjsonSplitter } from '../../wire/ndjson.ts';
import { createSseParser } from '../../wire/sse.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { parseJson } from './json-value.ts';
import { EMPTY_VIEW, type JsonParse, type WireEvent, type WireFormat, type WireItem } from './wire-event.ts';

const NOT_JSON: JsonParse = Object.freeze({ ok: false });

interface Framer {
  feed(text: string): void;
  end(): void;
}

type OnValue = (raw: string, data: string, name?: string, unterminated?: boolean) => void;

/** `data: : keepalive` (Vertex AI): an event whose data is itself a comment line, sent to keep the stream open. */
const COMMENT_DATA = /^:[ ]?/;

function sseFramer(onValue: OnValue, onItem: (item: WireItem) => void, now: () => number): Framer {
  const parser = createSseParser({
    onEvent: (event) => {
      // By the SSE rules it is an event, but it carries no payload: careful clients skip it as the comment it is.
      if (event.event === undefined && COMMENT_DATA.test(event.data)) {
        const raw = event.raw.replace(/[\r\n]+$/, '');
        onItem({ kind: 'comment', t: now(), text: event.data.replace(COMMENT_DATA, ''), raw });
      } else onValue(event.raw, event.data, event.event);
    },
    onComment: (comment) => onItem({ kind: 'comment', t: now(), text: comment.text, raw: comment.raw }),
  });
  return {
    feed: (text) => parser.feed(text),
    end() {
      const rest = parser.end();
      if (rest?.event) onValue(rest.event.raw, rest.event.data, rest.event.event, true);
      else if (rest) onItem({ kind: 'rest', raw: rest.raw });
    },
  };
}

function ndjsonFramer(onValue: OnValue): Framer {
  const splitter = createNdjsonSplitter((line) => onValue(line, line));
  return {
    feed: (text) => splitter.feed(text),
    end() {
      const rest = splitter.end();
      if (rest !== undefined) onValue(rest, rest, undefined, true);
    },
  };
}

/** An answer that is not streamed is one JSON document: nothing is usable before its last byte. */
function wholeBodyFramer(onValue: OnValue): Framer {
  const parts: string[] = [];
  return {
    feed: (text) => {
      parts.push(text);
    },
    end() {
      const text = parts.join('');
      onValue(text, text);
    },
  };
}

/**
 * Reads an exchange's chunks once, in order, into timed wire items handed to `onItem` as their chunk is read: each
 * event stamped with the chunk that completed it, its payload parsed once and read into neutral terms by the
 * protocol. Streams are framed as the protocol frames them (SSE or NDJSON), an answer that is not streamed as one
 * JSON body. A fold over the items holds no more than it keeps.
 */
export function readWireEvents(
  exchange: TappedExchange,
  format: WireFormat,
  stream: boolean,
  onItem: (item: WireItem) => void,
): void {
  let t = 0;
  let arrival = 0;
  const onValue: OnValue = (raw, data, name, unterminated) => {
    // `[DONE]` is OpenAI's end sentinel, never JSON.
    const json = data === '[DONE]' ? NOT_JSON : parseJson(data);
    const event: WireEvent = {
      kind: 'event',
      t,
      arrival,
      raw,
      data,
      json,
      view: json.ok ? format.read(json.value, name, !stream) : EMPTY_VIEW,
    };
    if (name !== undefined) event.name = name;
    if (unterminated) event.unterminated = true;
    onItem(event);
  };
  const framer = !stream
    ? wholeBodyFramer(onValue)
    : format.framing === 'sse'
      ? sseFramer(onValue, onItem, () => t)
      : ndjsonFramer(onValue);
  const { chunks } = exchange;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i] as (typeof chunks)[number];
    t = chunk.t;
    arrival = i;
    framer.feed(chunk.text);
  }
  t = chunks[chunks.length - 1]?.t ?? 0;
  arrival = chunks.length;
  framer.end();
}

/** The one event an answer that is not streamed reads as: its whole body, parsed when it is JSON. */
export function readWholeBody(exchange: TappedExchange, format: WireFormat): WireEvent {
  const events: WireEvent[] = [];
  readWireEvents(exchange, format, false, (item) => {
    if (item.kind === 'event') events.push(item);
  });
  return events[0] as WireEvent;
}
