import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { isCapability } from '../catalog/catalog.ts';
import { PROVIDERS } from '../catalog/providers.ts';
import { closest } from '../catalog/suggest.ts';
import type { LiveSettings, LlmcompatConfig, ProviderDefinition } from '../config/config.ts';
import { baseUrlProblem, ENV_NAME, PROVIDER_ID, PROVIDER_ID_RULE } from '../config/config-values.ts';
import { loadConfig } from '../config/load-config.ts';
import { probeOutcome, renderProviderEntry } from '../config/probe-entry.ts';
import { CAPABILITY_IDS, type Capability } from '../core/capabilities.ts';
import { PACKAGE_ROOT, VERSION } from '../core/package-root.ts';
import type { RunReport } from '../core/run-report.ts';
import { UsageError } from '../core/usage-error.ts';
import { findAdapterFactory, knownAdapterNames } from '../protocols/create-adapter.ts';
import { unreachableNotices } from '../report/run-notices.ts';
import { renderTerminalMatrix } from '../report/terminal/render-terminal-matrix.ts';
import { runConformance } from '../runner/run-conformance.ts';
import { loadDotenv, loadedSecrets } from '../secrets/provider-keys.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { redactProcessOutput } from './redact-output.ts';

const HELP = `llmcompat probe — check a provider that is not in the catalog, and get its config entry

Runs every scenario live against the endpoint, prints the capability matrix, and prints a ready-to-paste entry
for the providers of llmcompat.config.ts whose gaps are the capabilities that did not pass, each with the diagnostic
that failed as its reason. Pasted, the entry makes the provider a regular member of \`llmcompat run\`.

Required:
  --base-url <url>      What the protocol's SDK takes as its base URL, e.g. https://api.example.com/v1
  --model <model>       The model to probe
  --model <capability>=<model>
                        The model for one capability's scenarios, where the first lacks it: reasoning=<model>
                        (repeatable; the entry keeps them as its \`models\`)

Options:
  --key-env <VAR>       Environment variable (or .env entry) holding the key; leave it out for a keyless server
  --protocol <name>     openai-chat (default: any OpenAI-compatible API), anthropic-messages, gemini, mistral-chat,
                        ollama-chat, or a custom adapter registered in the config's \`adapters\`
  --id <id>             The provider's id in reports and fixtures (default: from the URL's host name)
  --repeat <k>          Run each scenario k times: a capability passes only if every attempt does (pass^k)
  --save                Also record the answers as fixtures (record mode), so \`llmcompat run\` replays them offline
  --fixtures <dir>      Where --save writes <id>/<scenario>.json (default: fixtures/ of the package)
  --scenario <globs>    Probe only these scenarios (default: all), e.g. --scenario 'tools.*'
  --timeout <ms>        No response headers within this fails the request (default 60000)
  --idle-timeout <ms>   No bytes for this long fails a stream (default 30000)
  --retries <n>         Retries for 429 and 5xx, honouring Retry-After (default 2)
  --concurrency <n>     Requests in flight (default 4)
  --env-file <path>     Keys file (default .env)
  --config <file>       Config with custom \`adapters\` and \`live\` limits (default: llmcompat.config.* here)
  --no-color            Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help            This help

Examples:
  llmcompat probe --base-url https://api.example.com/v1 --key-env EXAMPLE_API_KEY --model some-model
  llmcompat probe --base-url https://api.groq.com/openai/v1 --key-env GROQ_API_KEY \\
    --model llama-3.1-8b-instant --id groq --repeat 3 --save

Exit codes: 0 probed (failing capabilities are findings, listed as gaps) · 1 a case could not be judged (timeout,
unreachable, harness error): probe again before trusting the entry · 2 usage or configuration error
`;

const OPTIONS = {
  'base-url': { type: 'string' },
  model: { type: 'string', multiple: true },
  'key-env': { type: 'string' },
  protocol: { type: 'string', default: 'openai-chat' },
  id: { type: 'string' },
  repeat: { type: 'string' },
  save: { type: 'boolean', default: false },
  fixtures: { type: 'string' },
  scenario: { type: 'string' },
  timeout: { type: 'string' },
  'idle-timeout': { type: 'string' },
  retries: { type: 'string' },
  concurrency: { type: 'string' },
  'env-file': { type: 'string' },
  config: { type: 'string' },
  color: { type: 'boolean', default: true },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const GENERIC_LABELS = new Set(['api', 'www', 'inference', 'openai', 'v1']);

/** `https://api.example.com/v1` → `example`; a bare IP or localhost → `probed`. */
export function idFromBaseUrl(baseUrl: string): string {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 || host === 'localhost') return 'probed';
  const labels = host.split('.');
  if (labels.length > 1) labels.pop();
  const kept = labels.filter((label) => !GENERIC_LABELS.has(label.toLowerCase()));
  const id = kept.join('-').toLowerCase();
  return PROVIDER_ID.test(id) ? id : 'probed';
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be a whole number ≥ ${min}, got '${value}'.`);
  return n;
}

function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`${flag} is required, e.g. ${flag} ${example}. Run 'llmcompat probe --help'.`);
  }
  return value.trim();
}

function chooseId(explicit: string | undefined, baseUrl: string): string {
  const catalogIds = PROVIDERS.map((p) => p.id);
  if (explicit !== undefined) {
    if (!PROVIDER_ID.test(explicit))
      throw new UsageError(`--id '${explicit}': an id is ${PROVIDER_ID_RULE}.`);
    if (catalogIds.includes(explicit)) {
      throw new UsageError(
        `--id '${explicit}' is a catalog provider: \`llmcompat run --mode live --provider ${explicit}\` checks it; ` +
          'give a probed provider an id of its own.',
      );
    }
    return explicit;
  }
  const derived = idFromBaseUrl(baseUrl);
  return catalogIds.includes(derived) ? `${derived}-probed` : derived;
}

function liveSettings(
  values: Record<string, string | string[] | boolean | undefined>,
  base: LiveSettings | undefined,
): LiveSettings {
  const live: LiveSettings = { ...base };
  const set = (key: keyof Omit<LiveSettings, 'requireKeys'>, flag: string, min: number) => {
    const n = wholeNumber(values[flag] as string | undefined, `--${flag}`, min);
    if (n !== undefined) live[key] = n;
  };
  set('requestTimeoutMs', 'timeout', 1);
  set('idleTimeoutMs', 'idle-timeout', 1);
  set('retries', 'retries', 0);
  set('concurrency', 'concurrency', 1);
  return live;
}

function comments(report: RunReport, id: string, repeat: number): string[] {
  const outcome = probeOutcome(report, id);
  const probed = outcome.passed.length + Object.keys(outcome.gaps).length;
  const lines = [
    `Probed ${report.run.startedAt.slice(0, 10)} by llmcompat ${report.tool.version}: ` +
      `${outcome.passed.length} of ${probed} capabilities passed` +
      (repeat > 1 ? `, each in all ${repeat} attempts (pass^${repeat} = 1)` : '') +
      '.',
  ];
  if (outcome.errored.length > 0) {
    lines.push(`Not judged, probe again before trusting these gaps: ${outcome.errored.join(', ')}.`);
  }
  return lines;
}

/** The plain `--model` (required, once) and the `--model <capability>=<model>` ones. */
function probeModels(given: readonly string[]): {
  model: string;
  models: Partial<Record<Capability, string>>;
} {
  const plain = given.filter((value) => !value.includes('='));
  if (plain.length !== 1) {
    throw new UsageError(
      plain.length === 0
        ? "--model is required, e.g. --model some-model. Run 'llmcompat probe --help'."
        : `--model given ${plain.length} times (${plain.join(', ')}): give the model to probe once; a model for ` +
            'one capability is --model <capability>=<model>.',
    );
  }
  const models: Partial<Record<Capability, string>> = {};
  for (const pair of given.filter((value) => value.includes('='))) {
    const at = pair.indexOf('=');
    const capability = pair.slice(0, at);
    const model = pair.slice(at + 1);
    if (!isCapability(capability) || model === '') {
      const guess = closest(capability, CAPABILITY_IDS);
      throw new UsageError(
        `Bad --model '${pair}': write <capability>=<model>, e.g. reasoning=some-reasoning-model` +
          `${guess && guess !== capability ? ` (did you mean '${guess}'?)` : ''}. ` +
          `Capabilities: ${CAPABILITY_IDS.join(', ')}.`,
      );
    }
    models[capability] = model;
  }
  return { model: plain[0] ?? '', models };
}

/** `llmcompat probe`: every scenario live against an endpoint not in the catalog, then its config entry. */
export async function probeCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('probe', args, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const baseUrl = required(values['base-url'], '--base-url', 'https://api.example.com/v1');
  const urlProblem = baseUrlProblem(baseUrl);
  if (urlProblem) throw new UsageError(`--base-url: ${urlProblem}.`);
  const { model, models } = probeModels(values.model ?? []);
  const keyEnv = values['key-env'];
  if (keyEnv !== undefined && !ENV_NAME.test(keyEnv)) {
    throw new UsageError(`--key-env '${keyEnv}' is not an environment variable name, e.g. EXAMPLE_API_KEY.`);
  }
  const id = chooseId(values.id, baseUrl);
  const repeat = wholeNumber(values.repeat, '--repeat', 1) ?? 1;
  const loaded = await loadConfig(values.config);
  const adapters = loaded.adapters ?? {};
  const protocol = values.protocol;
  if (!findAdapterFactory(protocol, adapters)) {
    const known = knownAdapterNames(adapters);
    const guess = closest(protocol, known);
    throw new UsageError(
      `Unknown --protocol '${protocol}'.${guess ? ` Did you mean '${guess}'?` : ''} Known: ${known.join(', ')} ` +
        '(a custom adapter is registered under `adapters` in the config).',
    );
  }
  loadDotenv(values['env-file'] && resolve(values['env-file']));
  redactProcessOutput(loadedSecrets(process.env, keyEnv === undefined ? [] : [keyEnv]));
  const definition: ProviderDefinition = { protocol, baseUrl, model, gaps: {} };
  if (Object.keys(models).length > 0) definition.models = models;
  if (keyEnv !== undefined) {
    definition.keyEnv = keyEnv;
    if (!process.env[keyEnv]?.trim()) {
      throw new UsageError(
        `${keyEnv} is not set: export it, or put it in .env (or the file --env-file names).`,
      );
    }
  }
  const config: LlmcompatConfig = {
    providers: { [id]: definition },
    adapters,
    live: liveSettings(values, loaded.live),
  };
  const fixtureDir = resolve(values.fixtures ?? resolve(PACKAGE_ROOT, 'fixtures'));
  const color =
    values.color && !values['no-color'] && !process.env.NO_COLOR && !process.env.CI && process.stdout.isTTY;
  const progress = !process.env.CI && process.stdout.isTTY === true;

  process.stdout.write(
    `llmcompat ${VERSION}: probing ${baseUrl} as '${id}' (${protocol}, model ${model}), live mode` +
      `${repeat > 1 ? `, ${repeat} attempts per scenario` : ''}` +
      `${values.save ? `, recording fixtures into ${fixtureDir}` : ''}\n`,
  );
  const report = await runConformance({
    mode: values.save ? 'record' : 'live',
    providers: [id],
    ...(values.scenario ? { scenarios: values.scenario } : {}),
    config,
    env: process.env,
    fixtureDir,
    repeat,
    requireKeys: true,
    onCase: (result, { done, total }) => {
      if (progress) process.stdout.write(`\r\x1b[2K${done}/${total} · ${result.scenario}: ${result.status}`);
    },
  });
  if (progress) process.stdout.write('\r\x1b[2K');
  process.stdout.write(
    `\n${renderTerminalMatrix(report, { color, columns: process.stdout.columns })}\n` +
      'Nothing is declared for a probed provider, so every ✗ above is a capability it did not show; each becomes ' +
      'a gap of the entry below.\n\n',
  );

  const [unreachable] = unreachableNotices(report);
  if (unreachable) {
    // Every capability would be a gap, and none of them was seen: an entry would only mislead.
    process.stderr.write(
      `llmcompat probe: ${unreachable}. No config entry: check --base-url and the network, then probe again.\n`,
    );
    return 1;
  }
  const outcome = probeOutcome(report, id);
  // Keep the catalog's capability order, which is how the gaps read best.
  definition.gaps = Object.fromEntries(
    CAPABILITY_IDS.flatMap((capability) => {
      const reason = outcome.gaps[capability];
      return reason === undefined ? [] : [[capability, reason]];
    }),
  );
  process.stdout.write(
    'Config entry: paste it into `providers` of llmcompat.config.ts ' +
      '(export default defineConfig({ providers: { … } })):\n\n' +
      `${renderProviderEntry(id, definition, comments(report, id, repeat))}\n\n`,
  );
  const recorded = report.cases.filter((c) => c.recordedTo).length;
  process.stdout.write(
    `Then \`llmcompat run --mode live --provider ${id}\` checks it like any catalog provider` +
      (values.save
        ? `; ${recorded} fixture(s) were written to ${resolve(fixtureDir, id)}, so \`llmcompat run --provider ${id}` +
          `${values.fixtures ? ` --fixtures ${values.fixtures}` : ''}\` replays them offline.\n`
        : '. Add --save to record its fixtures, so it replays offline.\n'),
  );
  const errors = report.cases.filter((c) => c.status === 'error');
  if (errors.length > 0) {
    process.stderr.write(
      `llmcompat probe: ${errors.length} case(s) could not be judged (see the matrix): ` +
        'probe again before trusting the gaps they left.\n',
    );
    return 1;
  }
  return 0;
}
