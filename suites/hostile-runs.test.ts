import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../scripts/synthesize-fixtures/prng.ts';
import { PROVIDERS } from '../src/catalog/providers.ts';
import { failsRun } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture, FixtureResponse } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { keyForms, keyLeaks } from './support/key-forms.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// Property-style: seeded random hostile answers (statuses, content types, re-chunked bodies, resets and stalls,
// repeated chunks, and the run's own key echoed back in every encoding a server might use) go through `run` live and
// `record`. Whatever the answers, the report holds every selected case, the exit code matches the cells, no file
// is left half-written, and no form of the key reaches any file the run wrote or its output. Seeds are fixed, so a
// failure replays; the seed is in each test's name. nock keeps this process on loopback; the CLI children are
// watched by the offline preload.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
const KEY = 'sk-hostile-Q7v2ZrX9wKp4LmN8aBc3';
const SEEDS = ['alpha', 'bravo', 'charlie'];
const temp: string[] = [];
let shippedFixtures: Fixture[];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-hostile-'));
  temp.push(dir);
  return dir;
}

const FORMS = Object.values(keyForms(KEY));

function plant(rng: Rng): string {
  const form = rng.pick(FORMS);
  return rng.pick([`"echo":"${form}"`, `key=${form} `, `Bearer ${form}`, form]);
}

/** Joins a body's chunks and cuts it again at random places, a character split across reads included. */
function rechunk(response: FixtureResponse, rng: Rng): void {
  const text = response.chunks.map((c) => c.text).join('');
  if (text.length < 2) return;
  const cuts = new Set<number>();
  for (let i = rng.int(1, 12); i > 0; i--) cuts.add(rng.int(1, text.length - 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
  response.chunks = points.slice(1).map((end, i) => ({ t: i * 2, text: text.slice(points[i], end) }));
}

/** One hostile variant of a fixture: each kind of trouble with its own odds. */
function mutate(fixture: Fixture, rng: Rng): Fixture {
  const copy = structuredClone(fixture);
  for (const { response } of copy.exchanges) {
    if (rng.next() < 0.35 && response.chunks.length > 0) {
      const chunk = rng.pick(response.chunks);
      const at = rng.int(0, chunk.text.length);
      chunk.text = `${chunk.text.slice(0, at)}${plant(rng)}${chunk.text.slice(at)}`;
    }
    if (rng.next() < 0.25) response.headers[rng.pick(['x-echo', 'x-request-key', 'set-cookie'])] = plant(rng);
    if (rng.next() < 0.15) response.status = rng.pick([200, 400, 401, 404, 413, 429, 500, 502, 503, 529]);
    if (rng.next() < 0.1) {
      response.headers['content-type'] = rng.pick([
        'text/html; charset=utf-8',
        'application/json',
        'text/plain',
      ]);
    }
    if (rng.next() < 0.2) rechunk(response, rng);
    if (rng.next() < 0.08)
      response.repeat = { chunk: rng.pick([':\n', '', 'data: {}\n\n', ' ']), times: rng.int(1, 400) };
    if (rng.next() < 0.1) {
      const sent = response.chunks.length + (response.repeat?.times ?? 0);
      response.fault = { kind: rng.pick(['reset', 'stall'] as const), afterChunks: rng.int(0, sent) };
    }
  }
  return copy;
}

const keyEnv = Object.fromEntries(PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.keyEnv, KEY]] : [])));
const keys = Object.fromEntries(PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.id, KEY]] : [])));

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function expectNoLeak(files: string[], output: string): Promise<void> {
  for (const file of files) {
    expect(file.endsWith('.tmp'), `${file} is a leftover temp file`).toBe(false);
    const text = await readFile(file, 'utf8');
    if (file.endsWith('.json')) expect(() => JSON.parse(text), `${file} is whole JSON`).not.toThrow();
    expect(keyLeaks(text, KEY), file).toEqual([]);
  }
  expect(keyLeaks(output, KEY), 'stdout and stderr').toEqual([]);
}

function expectMatchingExit(code: number, report: RunReport): void {
  const failing = report.cases.some((c) => failsRun(c.outcome));
  expect(code, `exit ${code} with ${failing ? 'failing' : 'no failing'} cells`).toBe(failing ? 1 : 0);
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  shippedFixtures = await Promise.all(
    PROVIDERS.flatMap((p) => SCENARIOS.map((s) => loadFixture(shipped, p.id, s.id))),
  );
});

afterAll(async () => {
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

const LIMITS = ['--timeout', '600', '--idle-timeout', '600', '--retries', '0', '--concurrency', '8'];

describe.each(SEEDS)('hostile answers, seed %s', (seed) => {
  let server: FixtureServer;
  let fixtures: Fixture[];

  beforeAll(async () => {
    const rng = createRng(seed);
    fixtures = shippedFixtures.map((fixture) => mutate(fixture, rng));
    server = await startFixtureServer({ fixtures, keys });
  });
  afterAll(() => server.close());

  const baseUrls = () =>
    PROVIDERS.flatMap((p) => ['--base-url', `${p.id}=${server.baseUrlFor(p.id, p.baseUrl)}`]);

  it('live: every case has a result, the exit matches the cells, no key anywhere', async () => {
    const out = await tempDir();
    const result = await cli(['run', '--mode', 'live', '--out', out, ...LIMITS, ...baseUrls()], keyEnv);
    expect(result.stderr).not.toContain(ATTEMPT_MARK);
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    expect(report.run).toMatchObject({ complete: true, selected: PROVIDERS.length * SCENARIOS.length });
    expect(report.cases).toHaveLength(PROVIDERS.length * SCENARIOS.length);
    expectMatchingExit(result.code, report);
    await expectNoLeak(await filesUnder(out), result.stdout + result.stderr);
  }, 120_000);

  it('record: fixtures written hold no key, and the report holds every case', async () => {
    const [out, into] = [await tempDir(), await tempDir()];
    const result = await cli(['record', '--fixtures', into, '--out', out, ...LIMITS, ...baseUrls()], keyEnv);
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    expect(report.cases).toHaveLength(PROVIDERS.length * SCENARIOS.length);
    await expectNoLeak(
      [...(await filesUnder(out)), ...(await filesUnder(into))],
      result.stdout + result.stderr,
    );
  }, 120_000);

  it('recorded: replaying the same answers from files, every case has a result and the exit matches', async () => {
    const [out, dir] = [await tempDir(), await tempDir()];
    for (const provider of new Set(fixtures.map((f) => f.provider))) await mkdir(join(dir, provider));
    await Promise.all(
      fixtures.map((f) => writeFile(join(dir, f.provider, `${f.scenario}.json`), JSON.stringify(f))),
    );
    const result = await cli(['run', '--fixtures', dir, '--out', out, ...LIMITS]);
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    expect(report.cases).toHaveLength(PROVIDERS.length * SCENARIOS.length);
    expectMatchingExit(result.code, report);
  }, 120_000);
});
