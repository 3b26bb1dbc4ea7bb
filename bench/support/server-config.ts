/** How the loopback server answers every request. */
export type ServerConfig =
  | {
      kind: 'paced';
      /** Delay from the request to the headers and first content chunk. */
      firstByteMs: number;
      /** Delay between chunks. */
      chunkGapMs: number;
      /** Content chunks, one token each. */
      tokens: number;
    }
  | {
      /** The whole stream in one write, as fast as the socket takes it. */
      kind: 'bulk';
      chunks: number;
    };
