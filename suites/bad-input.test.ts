import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// What a person gets for a typo or a broken file: one paragraph that names the thing and the fix, exit code 2 (1 for
// a fixture that breaks its own cell), never a stack trace. Each case spawns the CLI, offline-watched.
const root = resolve(import.meta.dirname, '..');
let dir: string;

const STACK_FRAME = /^\s+at .+[:(]/m;

/** Exit code 2, the message on stderr saying each of `says`, no stack trace, no run started. */
async function expectUsageError(args: string[], ...says: string[]): Promise<string> {
  const result = await cli(args);
  expect(result.code, result.stdout + result.stderr).toBe(2);
  for (const part of says) expect(result.stderr).toContain(part);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toContain(ATTEMPT_MARK);
  expect(result.stdout).not.toContain('Capability matrix');
  return result.stderr;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-bad-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bad input on the command line', () => {
  it.concurrent('an unknown provider: the nearest id and the known ones', async () => {
    await expectUsageError(
      ['run', '--provider', 'antropic'],
      "Unknown provider 'antropic'. Did you mean 'anthropic'?",
      'Known providers: openai,',
    );
  }, 60_000);

  it.concurrent('an unknown scenario, in --scenario and in --only: the nearest id', async () => {
    await expectUsageError(
      ['run', '--scenario', 'tools.strem'],
      "Unknown scenario 'tools.strem'. Did you mean 'tools.stream'?",
      "Patterns may use * (e.g. 'tools.*')",
    );
    await expectUsageError(
      ['record', '--only', 'together/tool.stream'],
      "Unknown scenario 'tool.stream'. Did you mean 'tools.stream'?",
    );
  }, 60_000);

  it.concurrent('a malformed base URL: the provider, the value and an example of a good one', async () => {
    await expectUsageError(
      ['run', '--base-url', 'openai=not a url'],
      "Base URL for openai: 'not a url' is not a valid URL: give an absolute URL such as https://api.example.com/v1",
    );
    await expectUsageError(
      ['run', '--base-url', 'openai'],
      "Bad base URL 'openai': write it as <provider>=<value>, e.g. openai=http://127.0.0.1:8080/v1",
    );
  }, 60_000);

  it.concurrent('an unknown command: the nearest one, and the commands there are', async () => {
    const typo = await expectUsageError(['rn'], "Unknown command 'rn'. Did you mean 'run'?");
    expect(typo).toMatch(/^llmcompat: Unknown command 'rn'\. .*Commands: run, record, .*\bverify\b/);
    expect(typo.trim().split('\n')).toHaveLength(1);
    expect(await expectUsageError(['verfy'], "Did you mean 'verify'?")).toContain("'llmcompat --help'");
    expect(await expectUsageError(['xyzzy'], "Unknown command 'xyzzy'. Commands: run,")).not.toContain(
      'Did you mean',
    );
  }, 60_000);

  // Node itself reads --env-file anywhere on its command line (`node: /nope/.env: not found`, exit 9); the bin is
  // started as `node -- …`, so the path reaches llmcompat, which checks it before any command starts.
  it.concurrent.for([
    ['run', '--mode', 'live'],
    ['record', '--only', 'openai/chat.basic'],
    ['bench', '--mode', 'live'],
    ['probe', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'some-model'],
    ['verify'],
  ])('a keys file that is not there, for %s: the file and the fix', { timeout: 60_000 }, async (args) => {
    const missing = join(dir, 'nope', '.env');
    const said = await expectUsageError(
      [...args, '--env-file', missing],
      `llmcompat: Keys file ${missing} (--env-file) does not exist or is not a file:`,
      'leave --env-file out to read ./.env',
    );
    expect(said).not.toContain('node:');
    expect(said.trim().split('\n')).toHaveLength(1);
  });

  it.concurrent('a keys file given as --env-file=<path>, or a folder: the same error', async () => {
    await expectUsageError(
      ['run', `--env-file=${join(dir, 'absent.env')}`],
      `Keys file ${join(dir, 'absent.env')}`,
    );
    await expectUsageError(
      ['bench', '--env-file', dir],
      `Keys file ${dir} (--env-file) does not exist or is not a file`,
    );
  }, 60_000);

  it.concurrent('an unknown or misused flag: the nearest flag and where the help is', async () => {
    await expectUsageError(
      ['run', '--provder', 'openai'],
      "Unknown option '--provder' for llmcompat run. Did you mean '--provider'?",
      "Run 'llmcompat run --help' for its options.",
    );
    await expectUsageError(
      ['run', 'openai'],
      "Unexpected argument 'openai': llmcompat run takes options only",
    );
    await expectUsageError(
      ['run', '--provider'],
      "Option '--provider <value>' argument missing.",
      "Run 'llmcompat run --help'",
    );
    await expectUsageError(
      ['verify', '--fixture', 'x'],
      "Unknown option '--fixture' for llmcompat verify. Did you mean '--fixtures'?",
    );
    await expectUsageError(
      ['compare', '--treshold', 'pass-rate=1', 'baseline.json'],
      "Unknown option '--treshold' for llmcompat compare. Did you mean '--threshold'?",
    );
    await expectUsageError(
      ['run', '--timeout', 'soon'],
      "--timeout must be a whole number from 1 to 2147483647 (about 24.8 days, the longest timer Node has), got 'soon'.",
    );
  }, 60_000);

  it.concurrent('an invalid config file: every problem, each naming the field', async () => {
    const path = join(dir, 'invalid.config.json');
    await writeFile(
      path,
      JSON.stringify({ providers: { opnai: { model: 'gpt-4o-mini' }, anthropic: { baseUrl: 'not a url' } } }),
    );
    await expectUsageError(
      ['run', '--config', path],
      `Invalid config ${path}`,
      'providers.opnai: unknown provider',
      "did you mean 'openai'?",
      "providers.anthropic.baseUrl: 'not a url' is not a valid URL",
    );
    const broken = join(dir, 'broken.config.json');
    await writeFile(broken, '{"providers": {');
    await expectUsageError(['run', '--config', broken], `Cannot load config ${broken}`);
    await expectUsageError(
      ['run', '--config', join(dir, 'absent.json')],
      `${join(dir, 'absent.json')} does not exist`,
    );
  }, 60_000);

  it.concurrent('a report folder that cannot be written: the folder and what to give instead', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const result = await cli(['run', '--only', 'mistral/chat.basic', '--out', join(file, 'reports')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot write reports into ${join(file, 'reports')}`);
    expect(result.stderr).toContain('give a folder you can write to with --out <dir>.');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  }, 60_000);
});

describe('broken fixtures', () => {
  it('missing, not JSON, failing the schema: an error cell each, naming the file and the command that records it', async () => {
    const fixtures = join(dir, 'fixtures');
    const out = join(dir, 'out');
    await cp(join(root, 'fixtures', 'mistral'), join(fixtures, 'mistral'), { recursive: true });
    const at = (scenario: string) => join(fixtures, 'mistral', `${scenario}.json`);
    await rm(at('chat.basic'));
    await writeFile(at('chat.system'), '{"schema": 1, "provider": "mistral"');
    const invalid = JSON.parse(await readFile(at('chat.multi-turn'), 'utf8')) as Partial<Fixture>;
    delete invalid.provenance;
    await writeFile(at('chat.multi-turn'), JSON.stringify(invalid));

    const result = await cli(['run', '--provider', 'mistral', '--fixtures', fixtures, '--out', out]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    const reason = (scenario: string) => report.cases.find((c) => c.scenario === scenario);
    expect(reason('chat.basic')).toMatchObject({ outcome: 'error' });
    expect(reason('chat.basic')?.reason).toContain(`Missing fixture ${at('chat.basic')}`);
    expect(reason('chat.system')?.reason).toContain(`Corrupt fixture ${at('chat.system')}: not valid JSON`);
    expect(reason('chat.multi-turn')?.reason).toContain(
      `Invalid fixture ${at('chat.multi-turn')}: provenance: missing`,
    );
    for (const scenario of ['chat.basic', 'chat.system', 'chat.multi-turn']) {
      expect(reason(scenario)?.reason).toContain(`llmcompat record --only mistral/${scenario}`);
      expect(result.stdout).toContain(`llmcompat record --only mistral/${scenario}`);
    }
    // The broken cells are theirs alone.
    expect(report.cases.filter((c) => c.outcome === 'error')).toHaveLength(3);
    expect(reason('stream.text')?.outcome).toBe('pass');
  }, 60_000);
});
