import { UsageError } from '../core/usage-error.ts';
import type { Fault, ReceivedRequest } from '../fixtures/fixture-server.ts';

/** One `--fault <provider>[/<scenario>]=<kind>`: which requests it hits, and what they get instead. */
export interface ServeFault {
  provider: string;
  scenario?: string;
  fault: Fault;
  /** As written, for the log. */
  text: string;
}

const KINDS =
  "a status (429, 500, 503 …), 'never-respond', 'reset[:<chunks>]' (reset after that many chunks, default 0) " +
  "or 'stall[:<chunks>]'";

function chunksOf(value: string | undefined, option: string): number {
  if (value === undefined) return 0;
  if (!/^\d{1,6}$/.test(value)) {
    throw new UsageError(
      `Bad --fault '${option}': the chunk count after ':' must be a whole number, e.g. reset:2.`,
    );
  }
  return Number(value);
}

function faultOf(kind: string, option: string): Fault {
  const [name = '', count, extra] = kind.split(':');
  if (extra === undefined) {
    if (/^\d{3}$/.test(name) && count === undefined) {
      const status = Number(name);
      if (status >= 400 && status <= 599) return { kind: 'status', status };
    }
    if (name === 'never-respond' && count === undefined) return { kind: 'never-respond' };
    if (name === 'reset') return { kind: 'reset-mid-stream', afterChunks: chunksOf(count, option) };
    if (name === 'stall') return { kind: 'stall', afterChunks: chunksOf(count, option) };
  }
  throw new UsageError(`Bad --fault '${option}': the kind '${kind}' is not ${KINDS}.`);
}

/**
 * Reads `--fault` values: `openai=429`, `openai/stream.text=reset:2`, `anthropic=never-respond`. The provider must be
 * among those served, the scenario among the scenarios served.
 */
export function parseServeFaults(
  values: readonly string[],
  providers: readonly string[],
  scenarios: readonly string[],
): ServeFault[] {
  return values.map((option) => {
    const at = option.indexOf('=');
    if (at <= 0) {
      throw new UsageError(
        `Bad --fault '${option}': write <provider>[/<scenario>]=<kind>, e.g. openai/chat.basic=429, where the ` +
          `kind is ${KINDS}.`,
      );
    }
    const [provider = '', scenario, more] = option.slice(0, at).split('/');
    if (more !== undefined || !providers.includes(provider)) {
      throw new UsageError(
        `Bad --fault '${option}': '${option.slice(0, at)}' is not a served provider or provider/scenario ` +
          `(served: ${providers.join(', ')}).`,
      );
    }
    if (scenario !== undefined && !scenarios.includes(scenario)) {
      throw new UsageError(`Bad --fault '${option}': '${scenario}' is not a served scenario.`);
    }
    const fault: ServeFault = {
      provider,
      fault: faultOf(option.slice(at + 1), option),
      text: option.slice(at + 1),
    };
    if (scenario !== undefined) fault.scenario = scenario;
    return fault;
  });
}

/** The first fault whose target the request hits: its provider, and its scenario's fixture when one is named. */
export function faultFor(faults: readonly ServeFault[], request: ReceivedRequest): ServeFault | undefined {
  return faults.find(
    (fault) =>
      fault.provider === request.provider &&
      (fault.scenario === undefined || request.fixture?.startsWith(`${fault.provider}/${fault.scenario}#`)),
  );
}
