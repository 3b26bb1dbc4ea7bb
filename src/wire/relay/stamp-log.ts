// One response's stamps, written by the relay thread into shared memory (layout in stamping-relay-worker.mjs) and
// read here, on the caller's thread, as the body's bytes reach the wire tap.

import type { ArrivalSource } from '../body-clock.ts';

const HEADER_BYTES = 16;
const FLAG_HEADERS = 1;
const FLAG_COMPLETE = 2;
/** Entries a new log has room for; the relay doubles it as a stream goes on. */
const INITIAL_ENTRIES = 256;
/** Past this many body pieces a stream is timed by the tap's own reads (see createBodyClock). */
export const MAX_ENTRIES = 1 << 16;

function bytesFor(entries: number): number {
  return HEADER_BYTES + 8 * (2 + 2 * entries);
}

export interface StampLog {
  /** Shared with the relay thread. */
  readonly buffer: SharedArrayBuffer;
  /** The upstream status, once its head came in. */
  status(): number | undefined;
  headersAt(): number | undefined;
  readonly arrivals: ArrivalSource;
}

export function createStampLog(): StampLog {
  const buffer = new SharedArrayBuffer(bytesFor(INITIAL_ENTRIES), { maxByteLength: bytesFor(MAX_ENTRIES) });
  const ints = new Int32Array(buffer, 0, 4);
  // Length-tracking: it sees the relay's growth of the buffer.
  const floats = new Float64Array(buffer, HEADER_BYTES);
  const has = (flag: number) => (Atomics.load(ints, 1) & flag) !== 0;
  return {
    buffer,
    status: () => (has(FLAG_HEADERS) ? Atomics.load(ints, 2) : undefined),
    headersAt: () => (has(FLAG_HEADERS) ? floats[0] : undefined),
    arrivals: {
      count: () => Atomics.load(ints, 0),
      end: (index) => floats[2 + 2 * index] as number,
      at: (index) => floats[3 + 2 * index] as number,
      completeAt: () => (has(FLAG_COMPLETE) ? floats[1] : undefined),
    },
  };
}
