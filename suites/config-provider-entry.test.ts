import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import { runConformance } from '../src/runner/run-conformance.ts';
import { runCli as cli } from './support/run-cli.ts';

// A provider defined in the config, replayed from fixtures copied from Together's under its own id: `llmcompat run`
// and `runConformance` are one engine, so they write the same provider entry (its name and protocol, not the
// catalog's fallback) and the same cells.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
const temp: string[] = [];
let dir: string;
const acme = {
  protocol: 'openai-chat',
  baseUrl: 'https://api.together.xyz/v1',
  model: 'meta-llama/Llama-3.2-3B-Instruct-Turbo',
  name: 'Acme Inc',
  gaps: { 'tool-streaming': 'streams tool calls as <|python_tag|> text, as Together does' },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-config-entry-'));
  temp.push(dir);
  await cp(join(shipped, 'together'), join(dir, 'fixtures', 'acme'), { recursive: true });
  for (const scenario of ['chat.basic', 'tools.stream']) {
    const path = join(dir, 'fixtures', 'acme', `${scenario}.json`);
    const fixture = JSON.parse(await readFile(path, 'utf8')) as { provider: string };
    fixture.provider = 'acme';
    await writeFile(path, JSON.stringify(fixture));
  }
  await writeFile(join(dir, 'llmcompat.config.json'), JSON.stringify({ providers: { acme } }));
});

afterAll(async () => {
  await Promise.all(temp.map((d) => rm(d, { recursive: true, force: true })));
});

describe('a provider from the config', () => {
  it('gets the same entry and cells from `llmcompat run` as from runConformance', async () => {
    const only = ['acme/chat.basic', 'acme/tools.stream'];
    const out = join(dir, 'reports');
    const result = await cli(
      ['run', '--only', only.join(','), '--fixtures', join(dir, 'fixtures'), '--out', out],
      {},
      dir,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const fromCli = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    const fromLibrary = await runConformance({
      only,
      config: { providers: { acme } },
      fixtureDir: join(dir, 'fixtures'),
    });
    const entry = { id: 'acme', name: 'Acme Inc', protocol: 'openai-chat', model: acme.model };
    expect(fromCli.providers).toEqual([entry]);
    expect(fromLibrary.providers).toEqual([entry]);
    const cells = (report: RunReport) =>
      report.cases.map((c) => [c.scenario, c.outcome, c.diagnostics.map((d) => d.code)]);
    expect(cells(fromCli)).toEqual(cells(fromLibrary));
  }, 60_000);
});
