import type { StreamEvent } from '../../../core/adapter-contract.ts';

/** Reads a whole event stream into an array. */
export async function collectEvents(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

/** Plays collected events back as a stream, e.g. to fold them with collectStream. */
export async function* replayEvents(events: StreamEvent[]): AsyncIterable<StreamEvent> {
  yield* events;
}
