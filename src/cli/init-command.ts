import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROVIDERS } from '../catalog/providers.ts';
import { CONFIG_FILES } from '../config/load-config.ts';
import { UsageError } from '../core/usage-error.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import { BASELINE, configTemplate, envExampleTemplate, workflowTemplate } from './init-templates.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const CONFIG = 'llmcompat.config.ts';
const ENV_EXAMPLE = '.env.example';
const WORKFLOW = '.github/workflows/llmcompat.yml';

const HELP = `llmcompat init — set llmcompat up in this repository: a config, the key variables, a CI workflow

Usage: llmcompat init [--force]

Writes, in this folder:
  ${CONFIG}               providers, an OpenAI-compatible one, your own adapter, live limits;
                                    all commented out, so a run checks the catalog's providers
  ${ENV_EXAMPLE}                      every key variable of the catalog, with where to get the key
  ${WORKFLOW}   GitHub Actions: the recorded run on pull requests (JUnit XML and reports as
                                    artifacts), the live run nightly, compared with ${BASELINE}

When one of them, or another llmcompat.config.*, is already there, it lists them and writes nothing (exit 2).

Options:
  --force      Overwrite them
  -h, --help   This help

Examples:
  llmcompat init
  llmcompat init --force

Exit codes: 0 written · 2 a file is in the way (nothing written), or a usage error
`;

const OPTIONS = {
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Which of `.env` and `reports/` the folder's .gitignore does not list, as a line of its own. */
async function notIgnored(cwd: string): Promise<string[]> {
  const text = await readFile(resolve(cwd, '.gitignore'), 'utf8').catch(() => '');
  const lines = new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^\//, '').replace(/\/$/, '')));
  return [
    ...(lines.has('.env') || lines.has('.env*') ? [] : ['.env']),
    ...(lines.has('reports') ? [] : ['reports/']),
  ];
}

const list = (names: string[]) =>
  names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export async function initCommand(args: string[], cwd = process.cwd()): Promise<number> {
  const { values } = parseCommandArgs('init', args, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const keys = new Set(PROVIDERS.flatMap((p) => (p.keyEnv ? [p.keyEnv] : []))).size;
  const files = [
    {
      path: CONFIG,
      what: 'providers, an OpenAI-compatible one, your adapter, live limits, all commented out',
      content: configTemplate(),
    },
    {
      path: ENV_EXAMPLE,
      what: `the ${keys} key variables of the catalog, with where to get each key`,
      content: envExampleTemplate(PROVIDERS),
    },
    {
      path: WORKFLOW,
      what: `recorded run on pull requests; live nightly, compared with ${BASELINE}`,
      content: workflowTemplate(PROVIDERS),
    },
  ];
  const present = async (names: string[]) =>
    (await Promise.all(names.map(async (name) => ((await exists(resolve(cwd, name))) ? [name] : [])))).flat();
  const replaced = await present(files.map((f) => f.path));
  const otherConfigs = await present(CONFIG_FILES.filter((name) => name !== CONFIG));
  const inTheWay = [...replaced, ...otherConfigs];
  if (inTheWay.length > 0 && !values.force) {
    throw new UsageError(
      `${list(inTheWay)} already ${inTheWay.length === 1 ? 'exists' : 'exist'}, so llmcompat init wrote nothing. ` +
        "Move them aside, or run 'llmcompat init --force' to overwrite them.",
    );
  }
  for (const file of files) await writeFileAtomic(resolve(cwd, file.path), file.content);

  const width = Math.max(...files.map((f) => f.path.length)) + 3;
  const out = ['llmcompat init wrote:'];
  for (const file of files) {
    const note = replaced.includes(file.path) ? 'overwritten: ' : '';
    out.push(`  ${file.path.padEnd(width)}${note}${file.what}`);
  }
  if (otherConfigs.length > 0) {
    out.push(
      '',
      `${list(otherConfigs)} ${otherConfigs.length === 1 ? 'is' : 'are'} still there, and ${CONFIG} is read ` +
        'first: move what you need into it, then delete the others.',
    );
  }
  const missing = await notIgnored(cwd);
  if (missing.length > 0) {
    const them = missing.length === 1 ? 'it' : 'them';
    out.push(
      '',
      `.gitignore does not list ${list(missing)}: add ${them}, so keys and run output stay out of git.`,
    );
  }
  const next: [string, string][] = [
    ['npx llmcompat run', 'the matrix, replayed offline from the fixtures that ship with llmcompat'],
    [`cp ${ENV_EXAMPLE} .env`, 'then fill in the keys you have'],
    ['npx llmcompat run --mode live', 'the same scenarios against every provider whose key is set'],
  ];
  const commandWidth = Math.max(...next.map(([command]) => command.length)) + 3;
  out.push('', 'Next:', ...next.map(([command, why]) => `  ${command.padEnd(commandWidth)}${why}`));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
