import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../suites/support/run-cli.ts';
import { PROVIDERS } from '../catalog/providers.ts';
import { catalogKeyEnvs } from '../secrets/provider-keys.ts';

const WRITTEN = ['llmcompat.config.ts', '.env.example', '.github/workflows/llmcompat.yml'];
const temp: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-init-'));
  temp.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every file under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('llmcompat init in an empty repository', () => {
  it('writes the config, .env.example and the workflow, says so, and gives the next three commands', async () => {
    const dir = await tempDir();
    const result = await runCli(['init'], {}, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(await tree(dir)).toEqual([...WRITTEN].sort());
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('llmcompat init wrote:');
    for (const [i, path] of WRITTEN.entries()) expect(lines[i + 1]).toMatch(new RegExp(`^  ${path}  +\\S`));
    expect(result.stdout).toContain('.gitignore does not list .env and reports/: add them');
    expect(result.stdout).toMatch(
      /\nNext:\n {2}npx llmcompat run +\S.*\n {2}cp \.env\.example \.env +\S.*\n {2}npx llmcompat run --mode live +\S.*\n$/,
    );
  });

  it('writes a config that loads as it stands: the catalog, nothing added', async () => {
    const dir = await tempDir();
    expect((await runCli(['init'], {}, dir)).code).toBe(0);
    const listed = await runCli(['list', '--json'], {}, dir);
    expect(listed.code, listed.stderr).toBe(0);
    const { providers } = JSON.parse(listed.stdout) as { providers: { id: string }[] };
    expect(providers.map((p) => p.id)).toEqual(PROVIDERS.map((p) => p.id));
    const config = await readFile(join(dir, 'llmcompat.config.ts'), 'utf8');
    expect(config).toContain("import { defineConfig } from 'llmcompat';");
    expect(config).toContain("//   protocol: 'openai-chat',");
    expect(config).toContain('Bring your own adapter');
    expect(config).toContain('// requestTimeoutMs: 60_000,');
  });

  it('.env.example has every key variable of the catalog, each under where to get it', async () => {
    const dir = await tempDir();
    await runCli(['init'], {}, dir);
    const lines = (await readFile(join(dir, '.env.example'), 'utf8')).split('\n');
    for (const keyEnv of catalogKeyEnvs()) {
      const at = lines.indexOf(`${keyEnv}=`);
      expect(at, keyEnv).toBeGreaterThan(0);
      const url = PROVIDERS.find((p) => p.keyEnv === keyEnv)?.keyUrl;
      expect(lines[at - 1]).toMatch(new RegExp(`^# .* — ${url?.replace(/[.?]/g, '\\$&')}$`));
    }
    expect(lines.filter((line) => /^[A-Z_]+=/.test(line))).toHaveLength(catalogKeyEnvs().length);
  });

  it('the workflow: recorded on pull requests with JUnit, live nightly with the keys, compared with the baseline', async () => {
    const dir = await tempDir();
    await runCli(['init'], {}, dir);
    const workflow = await readFile(join(dir, '.github/workflows/llmcompat.yml'), 'utf8');
    const jobs = workflow.slice(workflow.indexOf('\njobs:'));
    const recorded = jobs.slice(0, jobs.indexOf('\n  nightly:'));
    const nightly = jobs.slice(jobs.indexOf('\n  nightly:'));
    expect(workflow).toMatch(/\non:\n {2}pull_request:\n/);
    expect(workflow).toMatch(/\n {2}schedule:\n {4}- cron: "[^"]+"\n/);
    expect(recorded).toContain('run: npx llmcompat run --junit reports/junit.xml');
    expect(recorded).toContain('uses: actions/upload-artifact@v4');
    expect(recorded).not.toContain('secrets.');
    for (const keyEnv of catalogKeyEnvs())
      expect(nightly).toContain(`      ${keyEnv}: \${{ secrets.${keyEnv} }}\n`);
    expect(nightly).toContain('run: npx llmcompat run --mode live --repeat 3');
    expect(nightly).toContain(
      'npx llmcompat compare llmcompat/baseline.json reports/conformance.json --markdown reports/compare.md',
    );
    // The first baseline is made by hand, and the comment says how.
    expect(nightly).toContain(
      '#   mkdir -p llmcompat && cp ~/Downloads/conformance.json llmcompat/baseline.json',
    );
    expect(workflow).not.toContain('\t');
  });

  it('says nothing about .gitignore when it lists .env and reports/', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.gitignore'), 'node_modules/\n/.env\nreports/\n');
    const result = await runCli(['init'], {}, dir);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('.gitignore');
  });
});

describe('llmcompat init where files are in the way', () => {
  it('lists every file in the way, writes nothing, exit 2; --force overwrites and says so', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '.github', 'workflows'), { recursive: true });
    await writeFile(join(dir, '.env.example'), 'MY_APP_SECRET=\n');
    await writeFile(join(dir, 'llmcompat.config.mjs'), 'export default {};\n');
    const refused = await runCli(['init'], {}, dir);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'llmcompat: .env.example and llmcompat.config.mjs already exist, so llmcompat init wrote nothing. ' +
        "Move them aside, or run 'llmcompat init --force' to overwrite them.\n",
    );
    expect(await tree(dir)).toEqual(['.env.example', 'llmcompat.config.mjs']);
    expect(await readFile(join(dir, '.env.example'), 'utf8')).toBe('MY_APP_SECRET=\n');

    const forced = await runCli(['init', '--force'], {}, dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^ {2}\.env\.example +overwritten: /m);
    expect(forced.stdout).toMatch(/^ {2}llmcompat\.config\.ts +providers/m);
    expect(forced.stdout).toContain(
      'llmcompat.config.mjs is still there, and llmcompat.config.ts is read first',
    );
    expect(await tree(dir)).toEqual([...WRITTEN, 'llmcompat.config.mjs'].sort());
    expect(await readFile(join(dir, '.env.example'), 'utf8')).toContain('OPENAI_API_KEY=');
  });

  it('--help says what it writes; an unknown option is a usage error', async () => {
    const help = await runCli(['init', '--help'], {}, await tempDir());
    expect(help.code).toBe(0);
    for (const path of WRITTEN) expect(help.stdout).toContain(path);
    const typo = await runCli(['init', '--forse'], {}, await tempDir());
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Unknown option '--forse' for llmcompat init. Did you mean '--force'?");
  });

  it('is in the top-level help', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toMatch(/^ {2}init {5}Set llmcompat up in your repository/m);
  });
});
