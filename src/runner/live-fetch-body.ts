import { performance } from 'node:perf_hooks';
import { withBody } from '../wire/with-body.ts';

export function stallError(idleTimeoutMs: number): DOMException {
  return new DOMException(`stream stalled: no bytes for ${idleTimeoutMs} ms (idle timeout)`, 'TimeoutError');
}

export interface WatchBodyOptions {
  idleTimeoutMs: number;
  /** Aborting it (the caller gave up) errors the body at once, even when nobody is reading. */
  signal: AbortSignal;
  /** Called exactly once: when the body was read to its end, cancelled, stalled or errored. */
  onSettled: () => void;
}

/**
 * Returns the response with its body watched for stalls: while a read is waiting for bytes and none come
 * for `idleTimeoutMs`, the body errors with a TimeoutError and the connection is torn down. The idle clock
 * runs only while the stream wants bytes, so a slow consumer is never mistaken for a stalled server. Per
 * chunk the cost is one timestamp; a single timer re-arms itself at most once per idle period.
 */
export function watchBody(response: Response, options: WatchBodyOptions): Response {
  const { idleTimeoutMs, signal, onSettled } = options;
  const source = response.body;
  if (source === null) {
    onSettled();
    return response;
  }
  const reader = source.getReader();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let settled = false;
  let waiting = false;
  let waitingSince = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    clearTimeout(timer);
    timer = undefined;
    signal.removeEventListener('abort', onAbort);
    onSettled();
    return true;
  };
  const fail = (error: unknown) => {
    if (!settle()) return;
    controller?.error(error);
    reader.cancel(error).catch(() => {});
  };
  const onAbort = () => fail(signal.reason);
  const check = () => {
    timer = undefined;
    if (settled || !waiting) return;
    const idle = performance.now() - waitingSince;
    if (idle >= idleTimeoutMs) fail(stallError(idleTimeoutMs));
    else timer = setTimeout(check, idleTimeoutMs - idle);
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    async pull(c) {
      waitingSince = performance.now();
      waiting = true;
      timer ??= setTimeout(check, idleTimeoutMs);
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        waiting = false;
        if (settle()) c.error(error);
        return;
      }
      waiting = false;
      if (settled) return;
      if (read.done) {
        settle();
        c.close();
        return;
      }
      c.enqueue(read.value);
    },
    cancel(reason) {
      if (settle()) return reader.cancel(reason);
    },
  });

  if (signal.aborted) fail(signal.reason);
  else signal.addEventListener('abort', onAbort, { once: true });

  return withBody(response, body);
}
