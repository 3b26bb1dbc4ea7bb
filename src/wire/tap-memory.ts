import { formatBytes, ResponseTooLargeError } from './limit-response-size.ts';

/**
 * What the wire taps of the process may hold at once for the responses they are still reading (their records and
 * the bytes read ahead of the consumer), whatever the concurrency: 256 responses each at the 10 MB cap would be
 * 2.5 GB, and with this the process stays under 1 GB at c=256 (`npm run bench:memory`). LLM answers are kilobytes:
 * 256 of them in flight hold a few MB, and a recorded run (one case at a time) holds one response, up to the cap.
 */
export const TAP_MEMORY_BYTES = 128 * 1024 * 1024;
/** What one chunk record costs besides its text (the object, its time, its slot), counted against the budget. */
export const RECORD_OVERHEAD_BYTES = 64;

/** A budget shared by taps: `used` bytes of `limit`, held by the exchanges whose bodies are still being read. */
export interface TapMemory {
  readonly limit: number;
  used: number;
  readonly holders: Set<TapHolding>;
}

export function createTapMemory(limit: number): TapMemory {
  return { limit, used: 0, holders: new Set() };
}

/** The process's own: every tap shares it unless told otherwise. */
export const PROCESS_TAP_MEMORY: TapMemory = createTapMemory(TAP_MEMORY_BYTES);

/**
 * What one exchange holds of a shared budget, given back when its body ends. Past the budget, the exchange holding
 * the most is stopped (`evict`, with a ResponseTooLargeError naming the budget), and again until the rest fit: the
 * largest answer pays, not whichever small one came next. An exchange alone is never stopped by the budget: its
 * own caps bound it, so a raised byte cap still holds for one response.
 */
export class TapHolding {
  readonly #memory: TapMemory;
  readonly #evict: (error: ResponseTooLargeError) => void;
  held = 0;

  constructor(memory: TapMemory, evict: (error: ResponseTooLargeError) => void) {
    this.#memory = memory;
    this.#evict = evict;
  }

  take(bytes: number): void {
    const memory = this.#memory;
    memory.holders.add(this);
    memory.used += bytes;
    this.held += bytes;
    while (memory.used > memory.limit && memory.holders.size > 1) {
      let largest: TapHolding = this;
      for (const holder of memory.holders) if (holder.held > largest.held) largest = holder;
      const error = new ResponseTooLargeError(
        memory.limit,
        `this response held ${formatBytes(largest.held)} in the wire tap, the ${memory.holders.size} responses ` +
          `being read together ${formatBytes(memory.used)}`,
        'memory',
      );
      largest.release();
      largest.#evict(error);
    }
  }

  give(bytes: number): void {
    if (!this.#memory.holders.has(this)) return;
    const given = Math.min(bytes, this.held);
    this.held -= given;
    this.#memory.used -= given;
  }

  /** Gives back everything: the body ended (what it left is the caller's to keep or drop). */
  release(): void {
    this.give(this.held);
    this.#memory.holders.delete(this);
  }
}

/** Reads smaller than this are copied together while they wait for the consumer, so each costs bytes, not objects. */
const PACK_BELOW_BYTES = 4 * 1024;
const PACK_BLOCK_BYTES = 64 * 1024;

/** The bytes the tap read that the consumer has not taken yet, small reads packed into shared blocks. */
export class ReadAhead {
  #parts: Uint8Array[] = [];
  #block: Uint8Array | undefined;
  #used = 0;
  bytes = 0;

  push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    const loose = this.#parts.length === 0 && this.#block === undefined;
    this.bytes += bytes.byteLength;
    // Alone, a read is handed on as it is: a consumer that keeps up gets every read uncopied.
    if (loose || bytes.byteLength >= PACK_BELOW_BYTES) {
      this.#seal();
      this.#parts.push(bytes);
      return;
    }
    if (this.#block === undefined || this.#used + bytes.byteLength > this.#block.byteLength) {
      this.#seal();
      this.#block = new Uint8Array(PACK_BLOCK_BYTES);
    }
    this.#block.set(bytes, this.#used);
    this.#used += bytes.byteLength;
  }

  /**
   * The oldest of what waits: a read as it came, or a block of small reads packed together (at most 64 KB), so the
   * consumer gets pieces no larger than what arrived; undefined when nothing waits.
   */
  take(): Uint8Array | undefined {
    if (this.#parts.length === 0) this.#seal();
    const part = this.#parts.shift();
    if (part !== undefined) this.bytes -= part.byteLength;
    return part;
  }

  #seal(): void {
    if (this.#block !== undefined && this.#used > 0) this.#parts.push(this.#block.subarray(0, this.#used));
    this.#block = undefined;
    this.#used = 0;
  }
}
