import type { ProviderEntry } from '../catalog/providers.ts';
import type {
  Adapter,
  AdapterConfig,
  ChatRequest,
  ChatResult,
  StepOutcome,
  StreamEvent,
} from '../core/adapter-contract.ts';
import { type Diagnostic, failure, trimEvidence } from '../core/diagnostic.ts';
import { isProtocol } from '../core/protocol-names.ts';
import { readWireAnswer } from '../protocols/wire-answer.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { answerDifferences } from './answer-differences.ts';
import type { ClientError } from './client-messages.ts';
import type { CallSink, ClientFailure, ClientProcess } from './client-process.ts';
import type { Gateway, GatewayRoute } from './gateway.ts';

/** An error the client reported for a call: its message, and the HTTP status it saw. */
export class ClientReportedError extends Error {
  override name = 'ClientReportedError';
  readonly status: number | undefined;
  constructor(error: ClientError) {
    super(error.message);
    this.status = error.status;
  }
}

/** What one call sent and how it ended: the gateway route's requests, and a failure that was not an answer. */
interface CallRecord {
  route: GatewayRoute;
  stream: boolean;
  failure?: ClientFailure;
  /** The case gave up before the client answered. */
  unanswered?: boolean;
}

/** An adapter driving an external client: a case's judgement takes in what the client got wrong against its wire. */
export interface ClientAdapter extends Adapter {
  /**
   * The case's diagnostics with the client's own failures put first (`client-mismatch`, `client-exited`,
   * `client-timeout`, `client-protocol`), and the findings that echo them as the provider's dropped.
   */
  judgeAgainstWire(
    exchanges: readonly TappedExchange[],
    steps: readonly StepOutcome[],
    diagnostics: readonly Diagnostic[],
  ): Diagnostic[];
}

export function isClientAdapter(adapter: Adapter): adapter is ClientAdapter {
  return 'judgeAgainstWire' in adapter;
}

/** Whether a finding is the client's: those fail the run whatever the catalog declares of the provider. */
export function blamesClient(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'failure' && diagnostic.code.startsWith('client-');
}

/** Where an adapter's call delivers its answer: as the client's, or any failure to get one. */
interface AnswerSink extends Omit<CallSink, 'fail'> {
  fail(error: unknown): void;
}

export interface ClientAdapterContext {
  client: ClientProcess;
  gateway: Gateway;
  provider: ProviderEntry;
}

/** The error as the case's diagnostics cite it in their evidence (run-case.ts). */
function evidenceOf(error: unknown): string {
  return trimEvidence(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/** Findings about a step's error that, once the client is known to be at fault, wrongly blame the provider. */
const ERROR_ECHOES = new Set(['provider-error', 'network-error', 'timeout', 'wrong-error-kind']);

/** The exchange that answered a call: the last of its forwarded requests the wire tap holds. */
function exchangeOf(
  record: CallRecord,
  exchanges: readonly TappedExchange[],
  claimed: Set<number>,
): TappedExchange | undefined {
  let found: TappedExchange | undefined;
  for (const sent of record.route.forwarded) {
    const at = exchanges.findIndex(
      (exchange, i) =>
        !claimed.has(i) &&
        exchange.request.method === sent.method &&
        exchange.request.url === sent.url &&
        exchange.request.body === sent.body,
    );
    if (at === -1) continue;
    claimed.add(at);
    found = exchanges[at];
  }
  return found;
}

function summary(result: ChatResult): string {
  return JSON.stringify({
    text: result.text,
    toolCalls: result.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args })),
    finishReason: result.finishReason,
  });
}

interface Verdict {
  diagnostic?: Diagnostic;
  /** Diagnostics whose evidence is this text and code one of ERROR_ECHOES are dropped. */
  echo?: string;
  dropNoError?: boolean;
}

function judgeCall(
  protocol: string,
  record: CallRecord,
  step: StepOutcome | undefined,
  exchange: TappedExchange | undefined,
  turn: string,
): Verdict {
  const echo = step?.error === undefined ? undefined : evidenceOf(step.error);
  if (record.failure) {
    const { kind, message, stderrTail } = record.failure;
    return {
      diagnostic: failure(`client-${kind}`, `${turn}${message}`, stderrTail || undefined),
      ...(echo ? { echo } : {}),
    };
  }
  const wire =
    exchange && isProtocol(protocol) ? readWireAnswer(exchange, protocol, record.stream) : undefined;
  const answered = wire ? `a complete HTTP ${exchange?.status} answer` : '';
  if (record.unanswered) {
    if (exchange && !wire) return {};
    const why = exchange ? `though the wire carried ${answered}` : 'and sent no request for it';
    return {
      diagnostic: failure(
        'client-timeout',
        `${turn}the client did not answer the call before the case ended, ${why}`,
      ),
      ...(echo ? { echo } : {}),
    };
  }
  if (step?.error !== undefined) {
    const reported = step.error instanceof Error ? step.error.message : String(step.error);
    if (!exchange) {
      return {
        diagnostic: failure(
          'client-mismatch',
          `${turn}the client sent no request and reported an error: ${reported}`,
        ),
        ...(echo ? { echo } : {}),
      };
    }
    if (!wire) return {};
    return {
      diagnostic: failure(
        'client-mismatch',
        `${turn}the wire carried ${answered}, the client reported an error: ${reported}`,
        exchange.chunks.map((chunk) => chunk.text).join(''),
      ),
      ...(echo ? { echo } : {}),
    };
  }
  const result = step?.result;
  if (!result) return {};
  if (!exchange) {
    return {
      diagnostic: failure(
        'client-mismatch',
        `${turn}the client answered without sending a request`,
        summary(result),
      ),
    };
  }
  if (exchange.status !== undefined && exchange.status >= 400) {
    return {
      diagnostic: failure(
        'client-mismatch',
        `${turn}the wire carried HTTP ${exchange.status}, an error, the client reported an answer`,
        summary(result),
      ),
      dropNoError: true,
    };
  }
  if (!wire) return {};
  const differences = answerDifferences(wire, result);
  if (differences.length === 0) return {};
  return {
    diagnostic: failure(
      'client-mismatch',
      `${turn}${differences.join('; ')}: the client misread the wire, the provider is not at fault`,
      summary(result),
    ),
  };
}

/**
 * The adapter of one case for an external client: each `complete` or `stream` opens a gateway route to the case's
 * base URL through the case's fetch, sends the client a `call` pointing at it, and returns what the client answers.
 */
export function createClientAdapter(context: ClientAdapterContext, config: AdapterConfig): ClientAdapter {
  const { client, gateway, provider } = context;
  const records: CallRecord[] = [];

  const start = (
    stream: boolean,
    request: ChatRequest,
    sink: AnswerSink,
    signal: AbortSignal | undefined,
  ) => {
    const route = gateway.open({
      fetch: config.fetch,
      baseUrl: config.baseUrl,
      ...(signal ? { signal } : {}),
    });
    const record: CallRecord = { route, stream };
    records.push(record);
    let settled = false;
    const settle = (then: () => void) => {
      settled = true;
      then();
    };
    const wrapped: CallSink = {
      event: (event) => sink.event(event),
      result: (result) => settle(() => sink.result(result)),
      end: () => settle(() => sink.end()),
      error: (error) => settle(() => sink.error(error)),
      fail: (failure) => {
        record.failure = failure;
        settle(() => sink.fail(failure));
      },
    };
    const target = {
      provider: provider.id,
      protocol: provider.protocol,
      baseUrl: route.baseUrl,
      apiKey: config.apiKey,
      quirks: config.quirks ?? {},
    };
    // The model first: a person reading the protocol lines sees what is asked of whom.
    const { model, ...rest } = request;
    const ordered: ChatRequest = { model, ...rest };
    return client.call({ stream, target, request: ordered }, wrapped, signal).then(
      () => {
        route.close();
        if (!settled) {
          record.unanswered = true;
          sink.fail(signal?.reason ?? new Error('the call ended without an answer'));
        }
      },
      (error: unknown) => {
        route.close();
        if (!settled) sink.fail(error);
      },
    );
  };

  return {
    protocol: provider.protocol,

    complete(request, signal) {
      return new Promise<ChatResult>((resolveResult, reject) => {
        const ignore = () => {};
        void start(
          false,
          request,
          {
            event: ignore,
            end: ignore,
            result: resolveResult,
            error: (error) => reject(new ClientReportedError(error)),
            fail: reject,
          },
          signal,
        );
      });
    },

    async *stream(request, signal) {
      const queue: StreamEvent[] = [];
      let finished = false;
      let failed: { error: unknown } | undefined;
      let wake: (() => void) | undefined;
      const notify = () => wake?.();
      void start(
        true,
        request,
        {
          event: (event) => {
            queue.push(event);
            notify();
          },
          end: () => {
            finished = true;
            notify();
          },
          result: () => {},
          error: (error) => {
            failed = { error: new ClientReportedError(error) };
            notify();
          },
          fail: (error) => {
            failed = { error };
            notify();
          },
        },
        signal,
      );
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (failed) throw failed.error;
        if (finished) return;
        await new Promise<void>((resolveWake) => {
          wake = resolveWake;
        });
        wake = undefined;
      }
    },

    judgeAgainstWire(exchanges, steps, diagnostics) {
      const claimed = new Set<number>();
      const found: Diagnostic[] = [];
      const echoes = new Set<string>();
      let dropNoError = false;
      let sentNothing = false;
      records.forEach((record, i) => {
        const turn = records.length > 1 ? `turn ${i + 1}: ` : '';
        const verdict = judgeCall(
          provider.protocol,
          record,
          steps[i],
          exchangeOf(record, exchanges, claimed),
          turn,
        );
        if (verdict.diagnostic) found.push(verdict.diagnostic);
        if (verdict.echo) echoes.add(verdict.echo);
        if (verdict.dropNoError) dropNoError = true;
        // The client sent nothing for the call: replay's `exchange-not-requested` echoes that.
        if (verdict.diagnostic && record.route.forwarded.length === 0) sentNothing = true;
      });
      const kept = diagnostics.filter(
        (d) =>
          !(ERROR_ECHOES.has(d.code) && d.evidence !== undefined && echoes.has(d.evidence)) &&
          !(dropNoError && d.code === 'no-error') &&
          !(sentNothing && d.code === 'exchange-not-requested'),
      );
      return [...found, ...kept];
    },
  };
}
