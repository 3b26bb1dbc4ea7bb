/**
 * Node's timers take at most 2³¹ − 1 ms; a longer delay silently becomes 1 ms. Every duration a user can set is
 * checked against this at the edge.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
