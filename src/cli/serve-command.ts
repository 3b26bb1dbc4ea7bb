import { resolve } from 'node:path';
import { catalog } from '../config/config-providers.ts';
import { loadConfig } from '../config/load-config.ts';
import { ENV, resolveRunSettings } from '../config/run-settings.ts';
import { PACKAGE_ROOT } from '../core/package-root.ts';
import { UsageError } from '../core/usage-error.ts';
import type { Fixture } from '../fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/fixture-server.ts';
import { FixtureError, loadFixture } from '../fixtures/load-fixture.ts';
import { selectedPairs } from '../runner/run-conformance.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { faultFor, parseServeFaults } from './serve-fault-option.ts';
import { createRequestLog } from './serve-request-log.ts';

const HELP = `llmcompat serve — serve the fixtures over HTTP on 127.0.0.1, for test suites that call a server themselves

Impersonates every selected provider at http://127.0.0.1:<port>/<provider><base path>, e.g.
http://127.0.0.1:8787/openai/v1: point your client's base URL there. Each request is answered with the recorded
exchange whose method, path, query and JSON body match it (compared as 'llmcompat run' compares a request with its
fixture, where a difference is request drift: key order and spacing never count, values do), chunk by chunk with
the provider's own framing. Requests are logged on stdout, one line each: the fixture that answered, or the closest
one with every field that differs.

Selection (as for run):
  --provider <globs>        Providers, comma-separated, * allowed (default: all)
  --scenario <globs>        Scenarios whose fixtures are served (default: the conformance scenarios; 'faults.*'
                            serves the fault fixtures, each carrying its own fault)
  --fixtures <dir>          Fixture folder (default: fixtures/ of the package)
  --config <file>           Config file, for its own providers (default: llmcompat.config.* in this folder)

Serving:
  --port <n>                Port on 127.0.0.1 (default 0: any free port, printed)
  --timing fast|recorded    Every chunk at once (default), or each at its recorded time after the request
  --fault <target>=<kind>   Answer a provider's requests (<provider>), or those matching one scenario's fixture
                            (<provider>/<scenario>), with a fault instead; repeatable, the first matching wins.
                            Kinds: a status (429, 500, 503 …: the provider's error shape), never-respond (no
                            headers, ever), reset[:<n>] (headers and n chunks, then the connection is reset),
                            stall[:<n>] (headers and n chunks, then silence)
  -h, --help                This help

Output: a line 'llmcompat serve: listening on http://127.0.0.1:<port> …' once the server is up, each provider's
base URL, then one line per request, e.g.
  #1 POST /openai/v1/chat/completions → 200 openai/chat.basic#1
  #2 POST /openai/v1/chat/completions → 404, no fixture matches; closest openai/chat.basic#1 (1 difference(s)):
     body.messages[0].content: recorded "What is the capital of France? …", now "Hello"
An unmatched request gets HTTP 404 with the same explanation in the provider's error shape.

Examples:
  llmcompat serve --port 8787
  llmcompat serve --provider openai --scenario 'tools.*' --timing recorded
  llmcompat serve --provider openai --fault openai/chat.basic=429 --fault openai/stream.text=reset:2

It runs until SIGINT (Ctrl-C) or SIGTERM. Exit codes: 0 stopped by a signal · 2 usage error (a bad option, no
fixture to serve, the port in use) · 1 internal error
`;

const OPTIONS = {
  provider: { type: 'string' },
  scenario: { type: 'string' },
  fixtures: { type: 'string' },
  config: { type: 'string' },
  port: { type: 'string' },
  timing: { type: 'string' },
  fault: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`Bad --port '${value}': give a port from 0 to 65535 (0: any free port).`);
  }
  return Number(value);
}

async function listen(
  options: Parameters<typeof startFixtureServer>[0],
  port: number,
): Promise<FixtureServer> {
  try {
    return await startFixtureServer(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(
        `Cannot listen on 127.0.0.1:${port} (${code}): choose another port with --port, or --port 0 for any free one.`,
      );
    }
    throw error;
  }
}

/** Waits for SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolveStop) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('serve', args, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = portOf(values.port);
  const configPath = values.config ?? process.env[ENV.config];
  const config = await loadConfig(configPath && resolve(configPath));
  const settings = resolveRunSettings(
    {
      providers: values.provider,
      scenarios: values.scenario,
      fixtures: resolve(values.fixtures ?? resolve(PACKAGE_ROOT, 'fixtures')),
      timing: values.timing,
    },
    config,
  );
  const fixtures: Fixture[] = [];
  const missing: string[] = [];
  for (const { provider, scenario } of selectedPairs(settings)) {
    try {
      fixtures.push(await loadFixture(settings.fixtureDir, provider.id, scenario.id));
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error;
      missing.push(error.message);
    }
  }
  for (const problem of missing) process.stderr.write(`llmcompat serve: not served: ${problem}\n`);
  if (fixtures.length === 0) {
    throw new UsageError(
      `No fixture to serve in ${settings.fixtureDir} for the selection: widen --provider or --scenario, or give ` +
        'the folder with --fixtures.',
    );
  }
  const served = [...new Set(fixtures.map((fixture) => fixture.provider))];
  const faults = parseServeFaults(
    values.fault ?? [],
    served,
    settings.scenarios.map((scenario) => scenario.id),
  );
  const log = createRequestLog(fixtures);
  const server = await listen(
    {
      fixtures,
      timing: settings.timing,
      port,
      fault: (request, index) => {
        const fault = faultFor(faults, request);
        process.stdout.write(`${log(request, index, fault)}\n`);
        return fault?.fault;
      },
    },
    port,
  );
  // Listening for the signals before saying the server is up: whoever reads that line may send one at once.
  const stopped = untilStopped();
  const providers = catalog(config).filter((provider) => served.includes(provider.id));
  const width = Math.max(...providers.map((provider) => provider.id.length));
  process.stdout.write(
    `llmcompat serve: listening on ${server.url} (${providers.length} provider(s), ${fixtures.length} ` +
      `fixture(s), ${settings.timing} timing${faults.length > 0 ? `, ${faults.length} fault(s)` : ''})\n` +
      providers.map((p) => `  ${p.id.padEnd(width)}  ${server.baseUrlFor(p.id, p.baseUrl)}\n`).join('') +
      'Each request is logged below; Ctrl-C stops the server.\n',
  );
  const signal = await stopped;
  await server.close();
  process.stdout.write(`llmcompat serve: stopped by ${signal} after ${server.requests.length} request(s).\n`);
  return 0;
}
