// An incremental Server-Sent Events parser following the WHATWG "event stream interpretation" rules,
// keeping each event's raw text so checks can quote the wire as evidence.

export interface SseEvent {
  /** The `event:` field; undefined when absent (a browser dispatches it as `message`). */
  event?: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The `id:` field of this event, if it had one. */
  id?: string;
  /** The `retry:` field of this event, if it had a valid one. */
  retry?: number;
  /** The field lines of the event as they arrived, line endings included, the blank line excluded. */
  raw: string;
}

export interface SseComment {
  /** The text after the colon, one leading space removed. */
  text: string;
  /** The comment line as it arrived, without its line ending. */
  raw: string;
}

/** What was left when the stream ended without the blank line that dispatches an event. */
export interface SseUnterminated {
  raw: string;
  /** The event a trailing blank line would have dispatched; undefined when it had no data. */
  event?: SseEvent;
}

export interface SseHandlers {
  onEvent: (event: SseEvent) => void;
  onComment?: (comment: SseComment) => void;
}

export interface SseParser {
  feed: (text: string) => void;
  /** Ends the stream; returns the unterminated remainder, if anything but blank lines and comments was left. */
  end: () => SseUnterminated | undefined;
}

export function createSseParser(handlers: SseHandlers): SseParser {
  const lineBreak = /[\r\n]/g;
  let partialLine = '';
  let started = false;
  // The previous feed ended in CR: a LF at the start of the next one belongs to that line ending.
  let pendingCr = false;
  let lastLineWasField = false;

  let dataLines: string[] = [];
  let eventName: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  let raw = '';

  function reset(): void {
    dataLines = [];
    eventName = undefined;
    id = undefined;
    retry = undefined;
    raw = '';
  }

  function buildEvent(): SseEvent | undefined {
    if (dataLines.length === 0) return undefined;
    const event: SseEvent = { data: dataLines.join('\n'), raw };
    if (eventName !== undefined && eventName !== '') event.event = eventName;
    if (id !== undefined) event.id = id;
    if (retry !== undefined) event.retry = retry;
    return event;
  }

  function processField(line: string): void {
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (name) {
      case 'data':
        dataLines.push(value);
        break;
      case 'event':
        eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        // Unknown fields are ignored by the spec.
        break;
    }
  }

  function processLine(line: string, ending: string): void {
    if (line === '') {
      const event = buildEvent();
      reset();
      lastLineWasField = false;
      if (event) handlers.onEvent(event);
      return;
    }
    if (line.startsWith(':')) {
      lastLineWasField = false;
      const text = line.slice(1);
      handlers.onComment?.({ text: text.startsWith(' ') ? text.slice(1) : text, raw: line });
      return;
    }
    lastLineWasField = true;
    raw += line + ending;
    processField(line);
  }

  function feed(input: string): void {
    let text = input;
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (pendingCr && text.length > 0) {
      pendingCr = false;
      if (text.charCodeAt(0) === 10) {
        if (lastLineWasField) raw += '\n';
        start = 1;
      }
    }
    lineBreak.lastIndex = start;
    for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
      const at = match.index;
      const line = partialLine + text.slice(start, at);
      partialLine = '';
      let ending = text[at] ?? '\n';
      if (ending === '\r') {
        if (at + 1 < text.length) {
          if (text.charCodeAt(at + 1) === 10) ending = '\r\n';
        } else {
          pendingCr = true;
        }
      }
      start = at + ending.length;
      processLine(line, ending);
      lineBreak.lastIndex = start;
    }
    if (start < text.length) partialLine += text.slice(start);
  }

  function end(): SseUnterminated | undefined {
    const tail = partialLine;
    partialLine = '';
    pendingCr = false;
    if (tail !== '') {
      if (tail.startsWith(':')) processLine(tail, '');
      else {
        raw += tail;
        processField(tail);
      }
    }
    if (raw === '') return undefined;
    const event = buildEvent();
    const remainder: SseUnterminated = event ? { raw, event } : { raw };
    reset();
    return remainder;
  }

  return { feed, end };
}

export interface ParsedSse {
  events: SseEvent[];
  comments: SseComment[];
  unterminated?: SseUnterminated;
}

/** Parses a whole event-stream text at once. */
export function parseSse(text: string): ParsedSse {
  const events: SseEvent[] = [];
  const comments: SseComment[] = [];
  const parser = createSseParser({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.push(comment),
  });
  parser.feed(text);
  const unterminated = parser.end();
  return unterminated ? { events, comments, unterminated } : { events, comments };
}
