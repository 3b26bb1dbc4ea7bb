import { resolve } from 'node:path';
import { closest } from '../catalog/suggest.ts';
import { isRecord } from '../core/is-record.ts';
import { PACKAGE_ROOT } from '../core/package-root.ts';
import { UsageError } from '../core/usage-error.ts';
import { ENV_NAME, PROVIDER_ID, PROVIDER_ID_RULE } from './config-values.ts';

/** An external client, started as a subprocess that speaks docs/client-protocol.md on its stdin and stdout. */
export interface ClientDefinition {
  /** The program and its arguments, not run through a shell: `['dart', 'run', 'tool/llmcompat_client.dart']`. */
  command: string[];
  /** Where it runs (default: the folder llmcompat runs in); relative to that folder. */
  cwd?: string;
  /** Variables added to (or replacing) llmcompat's own environment for the client. */
  env?: Record<string, string>;
  /**
   * Drive only the providers of these protocols through the client (default: every protocol its `hello` names).
   * A provider of another protocol is skipped, saying so.
   */
  protocols?: string[];
  /** How long the client may take to answer `hello` (default 30000: `dart run` may compile first). */
  startTimeoutMs?: number;
}

/** A client selected for a run: its name and definition. */
export interface ClientSpec extends ClientDefinition {
  name: string;
}

export const DEFAULT_START_TIMEOUT_MS = 30_000;
const MAX_START_TIMEOUT_MS = 600_000;

/**
 * The clients llmcompat knows without a config: the Python reference client in clients/python, which the
 * repository's own tests run (a config's entry of the same name replaces it).
 */
export const BUILT_IN_CLIENTS: Readonly<Record<string, ClientDefinition>> = {
  'python-reference': {
    command: ['python3', resolve(PACKAGE_ROOT, 'clients/python/llmcompat_client.py')],
    protocols: ['openai-chat'],
  },
};

const FIELDS = ['command', 'cwd', 'env', 'protocols', 'startTimeoutMs'];

function entryProblems(name: string, entry: unknown): string[] {
  const at = `clients.${name}`;
  if (!PROVIDER_ID.test(name))
    return [`${at}: a client name uses ${PROVIDER_ID_RULE.replace(/ \(.*\)$/, '')}`];
  if (!isRecord(entry)) return [`${at}: must be an object { command: ['program', 'arg', …], cwd?, env? }`];
  const problems: string[] = [];
  for (const key of Object.keys(entry)) {
    if (!FIELDS.includes(key)) problems.push(`${at}: unknown field '${key}' (known: ${FIELDS.join(', ')})`);
  }
  const { command, cwd, env, protocols, startTimeoutMs } = entry;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.some((part) => typeof part !== 'string' || part === '')
  ) {
    problems.push(
      `${at}.command: give the program and its arguments as a list of strings, e.g. ['python3', 'my_client.py']`,
    );
  }
  if (cwd !== undefined && (typeof cwd !== 'string' || cwd === '')) {
    problems.push(`${at}.cwd: must be a folder path`);
  }
  if (env !== undefined) {
    if (!isRecord(env)) problems.push(`${at}.env: must map variable names to string values`);
    else {
      for (const [key, value] of Object.entries(env)) {
        if (!ENV_NAME.test(key)) problems.push(`${at}.env: '${key}' is not a variable name`);
        else if (typeof value !== 'string') problems.push(`${at}.env.${key}: must be a string`);
      }
    }
  }
  if (
    protocols !== undefined &&
    (!Array.isArray(protocols) ||
      protocols.length === 0 ||
      protocols.some((p) => typeof p !== 'string' || p === ''))
  ) {
    problems.push(`${at}.protocols: list protocol names, e.g. ['openai-chat'], or leave it out`);
  }
  if (
    startTimeoutMs !== undefined &&
    (typeof startTimeoutMs !== 'number' ||
      !Number.isInteger(startTimeoutMs) ||
      startTimeoutMs < 1 ||
      startTimeoutMs > MAX_START_TIMEOUT_MS)
  ) {
    problems.push(`${at}.startTimeoutMs: must be a whole number of ms from 1 to ${MAX_START_TIMEOUT_MS}`);
  }
  return problems;
}

/** Everything wrong with a config's `clients`, each naming the field and the fix. */
export function clientsProblems(clients: unknown): string[] {
  if (!isRecord(clients)) {
    return ["clients: must map client names to { command: ['program', 'arg', …] }"];
  }
  return Object.entries(clients).flatMap(([name, entry]) => entryProblems(name, entry));
}

/** The client `--client <name>` selects: the config's entry, else a built-in one; an unknown name is a usage error. */
export function resolveClient(
  clients: Readonly<Record<string, ClientDefinition>> | undefined,
  name: string,
): ClientSpec {
  const known = { ...BUILT_IN_CLIENTS, ...(clients ?? {}) };
  const definition = Object.hasOwn(known, name) ? known[name] : undefined;
  if (!definition) {
    const names = Object.keys(known);
    const guess = closest(name, names);
    throw new UsageError(
      `Unknown client '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Known: ${names.join(', ')}; ` +
        "define one in llmcompat.config.ts as clients: { <name>: { command: ['program', 'arg'] } }.",
    );
  }
  return { name, ...definition };
}
