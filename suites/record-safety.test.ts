import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fault } from '../src/fixtures/fixture-server.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// Recording against a provider that answers with a failure (a rate limit, a wrong key, a portal's HTML page) must
// never replace the fixture on disk: the case says it was not recorded, with the status and the provider's words.
// nock refuses every connection beyond loopback from this process; the CLI children are watched offline.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
const KEY = 'sk-record-safety-0123456789';
const temp: string[] = [];
let fixtures: string;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-record-safety-'));
  temp.push(dir);
  return dir;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  fixtures = await tempDir();
  await cp(join(shipped, 'openai'), join(fixtures, 'openai'), { recursive: true });
});

afterAll(async () => {
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function recordAgainst(scenario: string, key: string, fault?: Fault) {
  const served = await Promise.all(
    ['chat.basic', 'errors.auth'].map((id) => loadFixture(shipped, 'openai', id)),
  );
  const server: FixtureServer = await startFixtureServer({
    fixtures: served,
    keys: { openai: KEY },
    ...(fault ? { fault: () => fault } : {}),
  });
  try {
    const out = await tempDir();
    const before = await readFile(join(fixtures, 'openai', `${scenario}.json`), 'utf8');
    const result = await cli(
      [
        'record',
        '--only',
        `openai/${scenario}`,
        '--fixtures',
        fixtures,
        '--out',
        out,
        '--retries',
        '0',
        '--base-url',
        `openai=${server.baseUrlFor('openai')}`,
      ],
      { OPENAI_API_KEY: key },
    );
    expect(result.stderr).not.toContain(ATTEMPT_MARK);
    const after = await readFile(join(fixtures, 'openai', `${scenario}.json`), 'utf8');
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    return { result, before, after, report, case: report.cases[0]! };
  } finally {
    await server.close();
  }
}

describe('record mode never replaces a fixture with a failure', () => {
  it.each([
    [
      'a rate limit',
      KEY,
      { kind: 'status', status: 429, body: '{"error":{"message":"Rate limit reached"}}' },
      'HTTP 429',
    ],
    [
      'a server error',
      KEY,
      { kind: 'status', status: 503, body: '{"error":{"message":"overloaded"}}' },
      'HTTP 503',
    ],
    ['a wrong key', 'sk-wrong-key-0123456789', undefined, 'HTTP 401'],
    [
      "a portal's HTML page",
      KEY,
      { kind: 'status', status: 200, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } },
      'HTTP 200 with an HTML page',
    ],
  ] as const)(
    '%s: the old fixture stays, and the case says why',
    async (_what, key, fault, says) => {
      const {
        result,
        before,
        after,
        case: recorded,
      } = await recordAgainst('chat.basic', key, fault as Fault);
      expect(after).toBe(before);
      expect(recorded.recordedTo).toBeUndefined();
      const notRecorded = recorded.diagnostics.find((d) => d.code === 'not-recorded');
      expect(notRecorded?.message).toContain(says);
      expect(notRecorded?.message).toContain('the one on disk stays as it was');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('nothing was recorded');
    },
    60_000,
  );

  it('records the 401 a scenario asks for', async () => {
    const { result, report, case: recorded } = await recordAgainst('errors.auth', KEY);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(recorded.recordedTo).toBe(join(fixtures, 'openai', 'errors.auth.json'));
    expect(report.cases).toHaveLength(1);
  }, 60_000);
});
