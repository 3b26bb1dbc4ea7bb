import { ResponseTooLargeError } from './limit-response-size.ts';
import { Utf8Tail } from './utf8-tail.ts';

/** One piece of a response body as the wire tap recorded it. */
export interface TappedChunk {
  /** Milliseconds from the moment the request was handed to fetch. */
  t: number;
  /** Whole characters only: a character the read ended inside is decoded into the next record's text. */
  text: string;
  /**
   * The read ended inside a multi-byte character, this many of its bytes in: they arrived with this record, and the
   * character is in the next record's text. Absent when the read ended between characters.
   */
  carriedBytes?: number;
}

/**
 * Far above any answer the byte cap lets through (10 MB of ~100-byte SSE events is ~100,000 chunks): only a body sent
 * a few bytes at a time meets it, and what the records cost besides their text (~80 bytes each) then stays near
 * 80 MB for one response instead of growing with the count of pieces.
 */
export const MAX_TAPPED_CHUNKS = 1_000_000;

/**
 * A read this small (a `:\n` keep-alive, a split-off tail) joins the record before it when that record was opened
 * by such a read too and the two came back to back. No provider's event is this short (the shortest shipped,
 * `data: [DONE]`, is 14 bytes and follows a long event; OpenRouter's `: OPENROUTER PROCESSING` comments are 25),
 * so a normal stream's records are its reads, unchanged, while a flood of 2-byte lines is kept as a few large
 * records instead of millions of objects, each ~40 times the size of its text.
 */
export const TINY_READ_BYTES = 16;
/**
 * Back to back: within this long of the record's first arrival, whose time the record keeps, so a joined read is
 * timed at most this early. A drip of tiny reads slower than this keeps one record per read (the chunk cap bounds
 * how many).
 */
export const COALESCE_WINDOW_MS = 1;
/** A joined record stops growing here; the next tiny read opens another. */
export const MAX_JOINED_BYTES = 64 * 1024;

/**
 * The chunk records of one exchange: one per read (or per noted chunk of a read), except that tiny reads arriving
 * back to back share a record. A shared record's bytes are decoded when it closes, so its text is never a chain of
 * millions of tiny strings; until then its text is ''. Every way a body ends closes it.
 */
export class ChunkRecorder {
  readonly #chunks: TappedChunk[];
  readonly #decoder = new TextDecoder();
  /** Where the reads end among the characters: a record whose read ends inside one says so. */
  readonly #tail = new Utf8Tail();
  readonly #maxChunks: number;
  /** The record tiny reads are joining, with their bytes not yet decoded into it. */
  #open: { chunk: TappedChunk; bytes: Uint8Array; used: number } | undefined;

  constructor(chunks: TappedChunk[], maxChunks: number) {
    this.#chunks = chunks;
    this.#maxChunks = maxChunks;
  }

  /**
   * Records `bytes` as arrived at `t`; returns whether a new record was opened. Throws a ResponseTooLargeError when
   * that record would pass `maxChunks`.
   */
  add(bytes: Uint8Array, t: number): boolean {
    // Nothing arrived: nothing to record.
    if (bytes.byteLength === 0) return false;
    const open = this.#open;
    const tiny = bytes.byteLength < TINY_READ_BYTES;
    if (
      tiny &&
      open !== undefined &&
      t - open.chunk.t <= COALESCE_WINDOW_MS &&
      open.used + bytes.byteLength <= MAX_JOINED_BYTES
    ) {
      if (open.used + bytes.byteLength > open.bytes.byteLength) {
        const grown = new Uint8Array(Math.min(MAX_JOINED_BYTES, open.bytes.byteLength * 4));
        grown.set(open.bytes.subarray(0, open.used));
        open.bytes = grown;
      }
      open.bytes.set(bytes, open.used);
      open.used += bytes.byteLength;
      this.#tail.push(bytes);
      return false;
    }
    this.close();
    if (this.#chunks.length >= this.#maxChunks) {
      throw new ResponseTooLargeError(this.#maxChunks, `${this.#chunks.length + 1} chunks arrived`, 'chunks');
    }
    if (tiny) {
      const chunk: TappedChunk = { t, text: '' };
      this.#chunks.push(chunk);
      const buffer = new Uint8Array(4 * TINY_READ_BYTES);
      buffer.set(bytes);
      this.#open = { chunk, bytes: buffer, used: bytes.byteLength };
      this.#tail.push(bytes);
      return true;
    }
    this.#chunks.push(this.#carrying({ t, text: this.#decoder.decode(bytes, { stream: true }) }, bytes));
    return true;
  }

  /** The record, marked when its read (`bytes`, the last taken into it) ended inside a character. */
  #carrying(chunk: TappedChunk, bytes?: Uint8Array): TappedChunk {
    const carried = bytes ? this.#tail.push(bytes) : this.#tail.open;
    if (carried > 0) chunk.carriedBytes = carried;
    return chunk;
  }

  /** Decodes the shared record's bytes into its text; later reads open records of their own. */
  close(): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    open.chunk.text = this.#decoder.decode(open.bytes.subarray(0, open.used), { stream: true });
    this.#carrying(open.chunk);
  }

  /** The end of the body: what the decoder still holds (an incomplete character) becomes a record at `t`. */
  end(t: number): void {
    this.close();
    const rest = this.#decoder.decode();
    if (!rest) return;
    // The body ended inside a character: no record after carries it, the decoder's U+FFFD stands for it.
    delete this.#chunks.at(-1)?.carriedBytes;
    this.#chunks.push({ t, text: rest });
  }
}
