/** Gives back a slot; calling it again is a no-op. */
export type ReleaseSlot = () => void;

export interface Slots {
  /** Resolves with a release function once a slot is free; rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot>;
  readonly active: number;
  readonly queued: number;
}

interface Waiter {
  grant(release: ReleaseSlot): void;
}

/** A FIFO counting semaphore: at most `limit` holders at once. */
export function createSlots(limit: number): Slots {
  let active = 0;
  const queue: Waiter[] = [];

  const releaser = (): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      // The slot passes straight to the next waiter, so a newcomer can never overtake the queue.
      if (next) next.grant(releaser());
      else active--;
    };
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < limit) {
        active++;
        return Promise.resolve(releaser());
      }
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant(release) {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
  };
}
