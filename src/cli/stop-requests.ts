/** The exit code of a run stopped by a signal: 128 + the signal's number, as a shell reports it. */
const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof EXIT_ON_SIGNAL;

export interface StopRequest {
  /** `interrupted by SIGINT`, or the run timeout reached. */
  why: string;
  code: number;
  /** The signal that asked, when one did (a command may treat a second one as "quit now"). */
  signal?: StopSignal;
}

/**
 * Calls `onStop` for every SIGINT or SIGTERM and once when `runTimeoutMs` passes (`--run-timeout`); what to do
 * about a first or a second request is the command's. Returns what undoes it, for when the run has ended.
 */
export function watchStopRequests(
  runTimeoutMs: number | undefined,
  onStop: (request: StopRequest) => void,
): () => void {
  const onSignal = (signal: StopSignal) =>
    onStop({ why: `interrupted by ${signal}`, code: EXIT_ON_SIGNAL[signal], signal });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer =
    runTimeoutMs === undefined
      ? undefined
      : setTimeout(
          () => onStop({ why: `the run timeout of ${runTimeoutMs} ms was reached (--run-timeout)`, code: 1 }),
          runTimeoutMs,
        );
  timer?.unref();
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (timer) clearTimeout(timer);
  };
}
