// An incremental newline-delimited JSON line splitter: it splits, the caller parses (and reports bad lines).

export interface NdjsonSplitter {
  feed: (text: string) => void;
  /** Ends the stream; returns a last line that had no newline after it, if it is not blank. */
  end: () => string | undefined;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Calls `onLine` with each non-blank line (without its `\n` or `\r\n`) as soon as its newline arrives. */
export function createNdjsonSplitter(onLine: (line: string) => void): NdjsonSplitter {
  let partialLine = '';

  function feed(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const line = stripCr(partialLine + text.slice(start, newline));
      partialLine = '';
      start = newline + 1;
      if (!isBlank(line)) onLine(line);
    }
    if (start < text.length) partialLine += text.slice(start);
  }

  function end(): string | undefined {
    const tail = stripCr(partialLine);
    partialLine = '';
    return isBlank(tail) ? undefined : tail;
  }

  return { feed, end };
}

export interface SplitNdjson {
  lines: string[];
  unterminated?: string;
}

/** Splits a whole NDJSON text at once. */
export function splitNdjson(text: string): SplitNdjson {
  const lines: string[] = [];
  const splitter = createNdjsonSplitter((line) => lines.push(line));
  splitter.feed(text);
  const unterminated = splitter.end();
  return unterminated === undefined ? { lines } : { lines, unterminated };
}
