import { performance } from 'node:perf_hooks';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import type { Fixture } from '../fixtures/fixture.ts';
import { exchangesOf, matchExchange, type ServedExchange } from '../fixtures/match-exchange.ts';
import { replayBody } from '../fixtures/replay-body.ts';
import { answerPlan, type ReplayTiming } from '../fixtures/response-plan.ts';
import { withResponseSizeLimit } from '../wire/limit-response-size.ts';

/** Set on the answer to a request no loaded fixture matches, so the runner can name the error. */
export const REPLAY_MISS_HEADER = 'x-llmcompat-replay';
export const REPLAY_MISS = 'no-match';
/**
 * `performance.now()` when the client handed the request to fetch (same process, same clock): recorded offsets are
 * from the send, so they are replayed from it rather than from the later moment msw reaches the handler.
 */
export const SENT_AT_HEADER = 'x-llmcompat-sent-at';

/** Asks the replay to send every chunk at once whatever its timing: for the harness's own warm-up. */
export const INSTANT_HEADER = 'x-llmcompat-replay-instant';

function replayFetchWith(instant: boolean): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(SENT_AT_HEADER, String(performance.now()));
    if (instant) headers.set(INSTANT_HEADER, '1');
    return globalThis.fetch(input, { ...init, headers });
  };
}

/**
 * The transport of recorded mode: msw's patched global fetch (read at call time), with the send time stamped and
 * every body capped at `maxResponseBytes`, as in every other mode. `instant`: answered without any delay (the
 * harness's own warm-up).
 */
export function benchReplayFetch(
  maxResponseBytes: number,
  options: { instant?: boolean } = {},
): typeof fetch {
  return withResponseSizeLimit(replayFetchWith(options.instant === true), maxResponseBytes);
}

export interface BenchReplay {
  /** Requests no loaded fixture answered, each with the closest fixture's differences. */
  readonly misses: string[];
  close(): void;
}

function missMessage(
  method: string,
  url: string,
  closest: ServedExchange | undefined,
  drift: string[],
): string {
  const shown = drift.slice(0, 6).map((line) => line.slice(0, 200));
  return (
    `llmcompat bench replay: no fixture matches ${method} ${url}` +
    (closest ? `; closest is ${closest.id}: ${shown.join('; ')}` : '')
  );
}

/**
 * msw replay for the benchmark: unlike the conformance replay (one fixture at a time, each exchange once), every
 * loaded fixture answers as many requests as come, side by side, matched on method, URL and JSON body. With
 * `recorded` timing each chunk leaves at its recorded offset from the moment the client sent the request.
 */
export function startBenchReplay(fixtures: readonly Fixture[], timing: ReplayTiming): BenchReplay {
  const byOrigin = new Map<string, ServedExchange[]>();
  for (const fixture of fixtures) {
    for (const served of exchangesOf(fixture)) {
      const origin = new URL(served.exchange.request.url).origin;
      byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), served]);
    }
  }
  const misses: string[] = [];
  const server = setupServer(
    http.all('*', async ({ request }) => {
      const sentAt = Number(request.headers.get(SENT_AT_HEADER));
      const start = Number.isFinite(sentAt) && sentAt > 0 ? sentAt : performance.now();
      const url = new URL(request.url);
      const body = await request.text();
      const match = matchExchange(byOrigin.get(url.origin) ?? [], {
        method: request.method,
        target: `${url.pathname}${url.search}`,
        body,
      });
      if (match.matched) {
        // Answered whole: the bench times answers; a fixture's socket fault is the conformance run's to replay.
        const plan = answerPlan(match.matched.exchange.response);
        const pace = request.headers.has(INSTANT_HEADER) ? 'fast' : timing;
        return new HttpResponse(replayBody(plan, pace, start), {
          status: plan.status,
          headers: plan.headers,
        });
      }
      const message = missMessage(request.method, request.url, match.closest, match.drift);
      misses.push(message);
      return HttpResponse.json(
        { error: { message, type: 'llmcompat_replay_no_match' } },
        { status: 404, headers: { [REPLAY_MISS_HEADER]: REPLAY_MISS } },
      );
    }),
  );
  server.listen({ onUnhandledFrame: 'error' });
  return {
    misses,
    close: () => server.close(),
  };
}
