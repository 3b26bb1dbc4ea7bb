import { type StampingRelay, startStampingRelay } from '../wire/relay/stamping-relay.ts';
import { createSocketClock, type DiagnosticsChannels } from '../wire/socket-clock.ts';
import { checkSocketClock } from '../wire/socket-clock-check.ts';

/** Where live mode is asked to take chunk arrival times. */
export type BenchClock = 'relay' | 'local';
/** Where a run's chunk times really came from: 'tap' when the local clock failed its self-check. */
export type UsedClock = BenchClock | 'tap';

export interface LiveClock {
  used: UsedClock;
  /** Why the asked-for clock is not the one used. */
  fallback?: string;
  /** What the live fetch sends with, so that the clock sees each request (undefined: Node's fetch, tap clock). */
  baseFetch?: typeof fetch;
  close(): Promise<void>;
}

/**
 * Starts the asked-for clock. The stamping relay needs nothing of undici; the local socket clock reads undici's
 * diagnostics channels, whose events are its internals, so it first checks them against a loopback server (see
 * socket-clock-check.ts) and, when they do not behave as it expects, leaves the timing to the wire tap's own reads.
 */
export async function startLiveClock(clock: BenchClock, channels?: DiagnosticsChannels): Promise<LiveClock> {
  if (clock === 'relay') {
    const relay: StampingRelay = await startStampingRelay();
    return { used: 'relay', baseFetch: relay.wrap(), close: () => relay.close() };
  }
  const socket = createSocketClock(channels);
  const check = await checkSocketClock(socket);
  if (check.ok) return { used: 'local', baseFetch: socket.wrap(), close: async () => socket.close() };
  socket.close();
  return { used: 'tap', fallback: check.reason, close: async () => {} };
}
