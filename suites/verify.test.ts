import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// `llmcompat verify` as CI runs it, and the promise behind it: a key set in the environment reaches no fixture,
// report or output. nock refuses connections beyond loopback from this process; the CLI children are watched.
const root = resolve(import.meta.dirname, '..');
const shipped = join(root, 'fixtures');
// Not shaped like any provider's key: only the environment check can find it.
const CANARY = 'canary-verify-0123456789abcdefghijkl';
const temp: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-verify-'));
  temp.push(dir);
  return dir;
}

/** The CLI with no key variable inherited from this process: only `env` sets them. */

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(async () => {
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('llmcompat verify', () => {
  it('passes the shipped fixtures, even with keys set', async () => {
    const result = await cli(['verify'], { OPENAI_API_KEY: CANARY, ANTHROPIC_API_KEY: `${CANARY}-2` });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^verify: \d+ fixtures in fixtures, no problems \(checked against 2 key values set\)\.$/m,
    );
  });

  it('fails on a copy with the canary planted, naming the file, and never prints the canary', async () => {
    const dir = await tempDir();
    await cp(shipped, dir, { recursive: true });
    const path = join(dir, 'anthropic', 'tools.single.json');
    const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
    const chunks = fixture.exchanges[0]!.response.chunks;
    chunks[0]!.text = chunks[0]!.text.replace('{', `{"leak":"${CANARY}",`);
    await writeFile(path, JSON.stringify(fixture, null, 2));

    const unknown = await cli(['verify', '--fixtures', dir]);
    expect(unknown.code, unknown.stdout).toBe(0);

    const planted = await cli(['verify', '--fixtures', dir], { ANTHROPIC_API_KEY: CANARY });
    expect(planted.code).toBe(1);
    expect(planted.stdout).toContain(
      `${path}: exchanges[0].response.chunks[0].text: holds the value of ANTHROPIC_API_KEY (…ijkl)`,
    );
    expect(planted.stdout).toMatch(/^verify: 1 problem in 1 of \d+ fixtures/m);
    expect(planted.stdout + planted.stderr).not.toContain(CANARY);
    expect(planted.stdout + planted.stderr).not.toContain(CANARY.slice(0, 16));
  });

  it('finds the canary through a keys file too', async () => {
    const dir = await tempDir();
    await cp(join(shipped, 'mistral'), join(dir, 'mistral'), { recursive: true });
    const path = join(dir, 'mistral', 'chat.basic.json');
    const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
    fixture.exchanges[0]!.request.headers.authorization = `Bearer ${CANARY}`;
    await writeFile(path, JSON.stringify(fixture));
    const envFile = join(dir, 'keys.env');
    await writeFile(envFile, `MISTRAL_API_KEY=${CANARY}\n`);
    const result = await cli(['verify', '--fixtures', dir, '--env-file', envFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${path}: exchanges[0].request.headers.authorization: a credential header must hold REDACTED, ` +
        'it holds the value of MISTRAL_API_KEY (…ijkl)',
    );
    expect(result.stdout).not.toContain(CANARY);
  });

  it('finds a key-shaped value without knowing the key', async () => {
    const dir = await tempDir();
    await cp(join(shipped, 'google'), join(dir, 'google'), { recursive: true });
    const path = join(dir, 'google', 'stream.text.json');
    const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
    fixture.exchanges[0]!.request.url += '&key=AIzaSyA1234567890abcdefghijklmnopqrstu';
    await writeFile(path, JSON.stringify(fixture));
    const result = await cli(['verify', '--fixtures', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${path}: exchanges[0].request.url: the URL parameter 'key' must be REDACTED, it holds '…rstu'`,
    );
    expect(result.stdout).not.toContain('AIzaSyA1234567890');
  });

  it('answers a missing folder with a usage error', async () => {
    const result = await cli(['verify', '--fixtures', join(tmpdir(), 'llmcompat-no-such-folder')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('llmcompat-no-such-folder does not exist');
    expect(result.stderr).toContain('point --fixtures at the folder');
  });

  it('has --help', async () => {
    const result = await cli(['verify', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('llmcompat verify');
    expect(result.stdout).toContain('--fixtures <dir>');
  });
});

describe('reports never print keys', () => {
  it('a provider that echoes the key in its error: the key reaches neither the output nor the reports', async () => {
    const fixtures = [await loadFixture(shipped, 'openai', 'chat.basic')];
    const echo = JSON.stringify({
      error: { message: `Incorrect API key provided: ${CANARY}.`, type: 'invalid_request_error' },
    });
    const server = await startFixtureServer({
      fixtures,
      fault: () => ({ kind: 'status', status: 401, body: echo }),
    });
    try {
      const out = await tempDir();
      const openai = PROVIDERS.find((p) => p.id === 'openai')!;
      const result = await cli(
        [
          'run',
          '--mode',
          'live',
          '--only',
          'openai/chat.basic',
          '--retries',
          '0',
          '--base-url',
          `openai=${server.baseUrlFor('openai', openai.baseUrl)}`,
          '--out',
          out,
        ],
        { OPENAI_API_KEY: CANARY },
      );
      expect(result.stderr).not.toContain(ATTEMPT_MARK);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(server.requests).toHaveLength(1);
      const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
      const [only] = report.cases;
      expect(only?.outcome).toBe('fail');
      expect(JSON.stringify(only)).toContain('Incorrect API key provided: REDACTED');
      expect(result.stdout).toContain('Incorrect API key provided: REDACTED');
      expect(result.stdout + result.stderr).not.toContain(CANARY);
      for (const name of await readdir(out)) {
        expect(await readFile(join(out, name), 'utf8'), name).not.toContain(CANARY);
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
