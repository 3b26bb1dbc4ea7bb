import type { Rng } from './prng.ts';

export interface TimingProfile {
  /** ms from request to the first byte of a stream. */
  firstByte: [number, number];
  /** ms between stream chunks. */
  gap: [number, number];
  /** ms per output token before a non-streamed body is complete. */
  perToken: number;
  /** ms until an error answer (no generation behind it). */
  error: [number, number];
}

/** Latencies per provider: hosted APIs a few hundred ms to the first byte, local Ollama faster. */
export const PROFILES: Record<string, TimingProfile> = {
  openai: { firstByte: [350, 500], gap: [8, 35], perToken: 12, error: [90, 180] },
  cohere: { firstByte: [300, 450], gap: [15, 40], perToken: 20, error: [80, 160] },
  openrouter: { firstByte: [550, 800], gap: [60, 140], perToken: 6, error: [60, 140] },
  together: { firstByte: [220, 300], gap: [5, 15], perToken: 6, error: [70, 150] },
  'google-openai': { firstByte: [450, 650], gap: [60, 150], perToken: 5, error: [40, 90] },
  'ollama-openai': { firstByte: [150, 300], gap: [10, 20], perToken: 14, error: [2, 6] },
  google: { firstByte: [400, 600], gap: [60, 150], perToken: 5, error: [40, 90] },
  anthropic: { firstByte: [600, 900], gap: [20, 60], perToken: 16, error: [60, 140] },
  mistral: { firstByte: [250, 400], gap: [10, 30], perToken: 12, error: [50, 120] },
  ollama: { firstByte: [150, 300], gap: [18, 35], perToken: 25, error: [2, 6] },
};

/** Hands out non-decreasing chunk times (ms from the request) with the provider's rhythm. */
export class Clock {
  readonly #profile: TimingProfile;
  readonly #rng: Rng;
  /** Extra ms before the first byte: a local model being loaded into memory. */
  readonly loadMs: number;
  readonly firstByteMs: number;
  #t = 0;

  constructor(profile: TimingProfile, rng: Rng, loadMs = 0) {
    this.#profile = profile;
    this.#rng = rng;
    this.loadMs = loadMs;
    this.firstByteMs = rng.int(...profile.firstByte) + loadMs;
  }

  get now(): number {
    return this.#t;
  }

  /** A keep-alive comment before the first data (OpenRouter). */
  comment(): number {
    this.#t += this.#rng.int(40, 280);
    return this.#t;
  }

  first(): number {
    this.#t = Math.max(this.#t + 1, this.firstByteMs);
    return this.#t;
  }

  token(): number {
    this.#t += this.#rng.int(...this.#profile.gap);
    return this.#t;
  }

  /** Chunks that follow right behind the previous one (closing events). */
  tail(): number {
    this.#t += this.#rng.int(0, 3);
    return this.#t;
  }

  /** A non-streamed body: generated in full before it is sent. */
  body(outputTokens: number): number {
    const work = outputTokens * this.#profile.perToken * (0.85 + 0.3 * this.#rng.next());
    this.#t = Math.max(this.#t, this.firstByteMs + Math.round(work));
    return this.#t;
  }

  error(): number {
    this.#t = this.#rng.int(...this.#profile.error);
    return this.#t;
  }
}
