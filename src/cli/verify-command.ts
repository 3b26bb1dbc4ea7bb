import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isProviderDefinition } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { ENV } from '../config/run-settings.ts';
import { PACKAGE_ROOT } from '../core/package-root.ts';
import { UsageError } from '../core/usage-error.ts';
import { DEFAULT_MAX_FIXTURE_BYTES } from '../fixtures/fixture.ts';
import { namedSecrets, verifyFixtures } from '../fixtures/verify-fixtures.ts';
import { loadDotenv } from '../secrets/provider-keys.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const HELP = `llmcompat verify — check every fixture before it is committed (run it in CI)

For each fixtures/<provider>/<scenario>.json: valid JSON, the fixture schema, its provenance, that it sits at the
path of the provider and scenario it holds, every credential header REDACTED, no key in a URL, nothing shaped like
a key (sk-…, sk-ant-…, AIza…, Bearer tokens, key= in URLs), and no value of a key variable set in the environment
or the keys file (the catalog's variables, the config's providers' keyEnv and any *_API_KEY) in any form a server
may echo it: any letter case, JSON \\u escapes, URL encoding, base64 (of the key, or of user:key as HTTP Basic
sends it). Keys are shown by their last four characters only (a key under 12 characters not at all).

Also problems: a temporary file left by an interrupted write; a symbolic link to a .json file or to a folder
(verify does not follow links, since run would replay what they point to: commit the file itself); a fixture
file over the size limit (not read: see --max-file-mb).

Options:
  --fixtures <dir>       Fixture folder (default: fixtures/ of the package)
  --env-file <path>      Keys file whose values must appear in no fixture (default .env, if there is one)
  --config <file>        Config whose providers' keyEnv variables count as keys too
                         (default: llmcompat.config.* here, if there is one)
  --max-file-mb <n>      Largest fixture file read, in MB (default 64; a recorded answer stops at 10 MB)
  -h, --help             This help

Example:
  llmcompat verify
  llmcompat verify --fixtures ./my-fixtures

Exit codes: 0 every fixture is clean · 1 problems found (one line each) · 2 usage error
`;

const OPTIONS = {
  fixtures: { type: 'string' },
  'env-file': { type: 'string' },
  config: { type: 'string' },
  'max-file-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const MB = 1024 * 1024;
// Past this a file cannot be read into one string at all.
const MAX_FILE_MB = 500;

function maxFileBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FIXTURE_BYTES;
  const mb = Number(value);
  if (value.trim() === '' || !Number.isInteger(mb) || mb < 1 || mb > MAX_FILE_MB) {
    throw new UsageError(
      `--max-file-mb must be a whole number of MB from 1 to ${MAX_FILE_MB}, got '${value}'.`,
    );
  }
  return mb * MB;
}

/** A path as a reader finds it: relative to the working folder when inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('verify', args, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir = resolve(values.fixtures ?? process.env[ENV.fixtures] ?? join(PACKAGE_ROOT, 'fixtures'));
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new UsageError(
      `Fixture folder ${dir} does not exist or is not a folder: point --fixtures at the folder that holds ` +
        '<provider>/<scenario>.json files.',
    );
  }
  const envFile = values['env-file'];
  if (
    envFile !== undefined &&
    !(await stat(envFile).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new UsageError(
      `Keys file ${resolve(envFile)} does not exist: give an existing file to --env-file.`,
    );
  }
  // The keys file is read into a copy: verify looks for its values, it does not need them set.
  const maxBytes = maxFileBytes(values['max-file-mb']);
  const configPath = values.config ?? process.env[ENV.config];
  const config = await loadConfig(configPath && resolve(configPath));
  const keyEnvs = Object.values(config.providers ?? {}).flatMap((p) =>
    isProviderDefinition(p) && p.keyEnv ? [p.keyEnv] : [],
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  loadDotenv(envFile ?? process.env[ENV.envFile], env);
  const secrets = namedSecrets(env, keyEnvs);
  const result = await verifyFixtures(dir, secrets, { maxFileBytes: maxBytes });
  const lines = result.findings.map(({ file, problem }) => `${shown(join(dir, file))}: ${problem}`);
  const files = new Set(result.findings.map((finding) => finding.file)).size;
  const against = `checked against ${secrets.length} key value${secrets.length === 1 ? '' : 's'} set`;
  lines.push(
    result.findings.length === 0
      ? `verify: ${result.files} fixtures in ${shown(dir)}, no problems (${against}).`
      : `verify: ${result.findings.length} problem${result.findings.length === 1 ? '' : 's'} in ${files} of ` +
          `${result.files} fixtures in ${shown(dir)} (${against}).`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.findings.length === 0 ? 0 : 1;
}
