import type { FaultKind } from './fault-kinds.ts';

/** How long a rate-limited provider asked to wait: as it said it, and in seconds when that can be read. */
export interface RetryAfter {
  /** The provider's own words: `Retry-After: 20`, `retry-after-ms: 532`, `RetryInfo.retryDelay: 34.4s`. */
  said: string;
  seconds?: number;
}

export type ErrorKind =
  | 'auth'
  | 'unknown-model'
  | 'bad-request'
  | FaultKind
  | 'network'
  | 'timeout'
  | 'other';

export interface ClassifiedError {
  kind: ErrorKind;
  status?: number;
  /** What happened, in words a person can act on: the provider's own message when the body had one. */
  message: string;
  /** Notes on how the provider strayed from the usual signal (e.g. a bad key answered 400, not 401). */
  notes: string[];
  /** rate-limited: the wait the provider asked for, when it named one. */
  retryAfter?: RetryAfter;
}
