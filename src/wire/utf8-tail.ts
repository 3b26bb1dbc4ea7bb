/** The bytes of UTF-8 a character may take beyond its first: what can be left open at the end of a read. */
const MAX_OPEN_BYTES = 3;

/**
 * Follows the end of a byte stream read piece by piece: how many of its last bytes begin a character the stream
 * has not finished yet (0 to 3), which a reader decoding each piece on its own turns into U+FFFD.
 */
export class Utf8Tail {
  /** The stream's last bytes, up to MAX_OPEN_BYTES of them: what one read costs is a copy of three bytes at most. */
  readonly #tail = new Uint8Array(MAX_OPEN_BYTES);
  #length = 0;

  /** Takes the next piece; returns how many bytes of a character its end leaves open. */
  push(bytes: Uint8Array): number {
    const taken = Math.min(bytes.byteLength, MAX_OPEN_BYTES);
    const kept = Math.min(this.#length, MAX_OPEN_BYTES - taken);
    this.#tail.copyWithin(0, this.#length - kept, this.#length);
    this.#tail.set(bytes.subarray(bytes.byteLength - taken), kept);
    this.#length = kept + taken;
    return this.open;
  }

  /** How many bytes at the end of what was pushed begin a character not yet finished. */
  get open(): number {
    for (let back = 1; back <= this.#length; back++) {
      const byte = this.#tail[this.#length - back] as number;
      // A continuation byte: the character's first byte is further back.
      if ((byte & 0xc0) === 0x80) continue;
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return length > back ? back : 0;
    }
    return 0;
  }
}
