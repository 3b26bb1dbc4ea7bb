import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import { MATRIX_CASES, SCENARIO_COUNT } from './support/matrix-size.ts';
import { childEnv, runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// `npm start` as a newcomer runs it, in a child process whose network is cut off beyond loopback.
const root = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

let out: string;
let full: Awaited<ReturnType<typeof cli>>;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'llmcompat-run-'));
  full = await cli(['run', '--out', out]);
}, 120_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('llmcompat run (recorded, offline)', () => {
  it('runs every case, passes, and attempts nothing beyond loopback', () => {
    expect(full.stderr).not.toContain(ATTEMPT_MARK);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(`10 providers × ${SCENARIO_COUNT} scenarios`);
  });

  it('prints every provider row and Together’s streaming tool call as a known gap with its reason', () => {
    for (const id of [
      'openai',
      'cohere',
      'openrouter',
      'together',
      'google-openai',
      'ollama-openai',
      'google',
    ]) {
      expect(full.stdout).toContain(id);
    }
    expect(full.stdout).toMatch(/together › tools\.stream[^\n]*tool-call-as-text/);
    expect(full.stdout).toContain('<|python_tag|>');
  });

  it('writes the JSON and Markdown reports', async () => {
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    expect(report.schema).toBe(2);
    expect(report.cases).toHaveLength(MATRIX_CASES);
    expect(report.cases.filter((c) => c.observed === undefined)).toEqual([]);
    const call = report.cases.find((c) => c.provider === 'openai' && c.scenario === 'tools.single')?.observed;
    expect(call?.toolCalls).toEqual([
      expect.objectContaining({ name: 'get_weather', parsed: expect.objectContaining({ city: 'Paris' }) }),
    ]);
    expect(call?.finish).toEqual({ reason: 'tool-calls', raw: 'tool_calls' });
    expect(report.run.complete).toBe(true);
    const together = report.cases.find((c) => c.provider === 'together' && c.scenario === 'tools.stream');
    expect(together).toMatchObject({ status: 'fail', outcome: 'known-gap', declared: false });
    expect(together?.diagnostics.map((d) => d.code)).toContain('tool-call-as-text');
    const gemini = report.cases.find((c) => c.provider === 'google-openai' && c.scenario === 'tools.stream');
    expect(gemini?.outcome).toBe('pass');
    expect(gemini?.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['missing-index', 'empty-tool-call-id']),
    );
    expect(report.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'error')).toEqual([]);
    const markdown = await readFile(join(out, 'conformance.md'), 'utf8');
    expect(markdown).toContain('tool-call-as-text');
  });

  it('answers a mistyped provider with the nearest id and exit code 2', async () => {
    const typo = await cli(['run', '--provider', 'antropic']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Unknown provider 'antropic'. Did you mean 'anthropic'?");
  });
});

describe('the offline watch itself', () => {
  it('reports a connection beyond loopback, from the main thread and from a worker thread', async () => {
    const script = `
      const { Worker } = await import('node:worker_threads');
      await fetch('http://192.0.2.1/', { signal: AbortSignal.timeout(3000) }).catch(() => {});
      const worker = "fetch('http://example.invalid/').catch(() => {})";
      await new Promise((done) => new Worker(worker, { eval: true }).on('exit', done));
    `;
    const { stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: childEnv(),
    });
    expect(stderr).toContain(`${ATTEMPT_MARK} 192.0.2.1`);
    expect(stderr).toContain(`${ATTEMPT_MARK} example.invalid`);
  });
});

describe('--help', () => {
  it('every command says what it does, its options and an example, and exits 0', async () => {
    const commands = ['run', 'record', 'bench', 'list', 'probe', 'compare', 'report', 'verify', 'init'];
    const helps = await Promise.all(commands.map((command) => cli([command, '--help'])));
    helps.forEach((help, i) => {
      expect(help.code, commands[i]).toBe(0);
      expect(help.stdout, commands[i]).toMatch(new RegExp(`llmcompat ${commands[i]}`));
      expect(help.stdout, commands[i]).toMatch(/^ +(-h, )?--[a-z-]+/m);
      expect(help.stdout, commands[i]).toMatch(/example/i);
    });
    const top = await cli(['--help']);
    for (const command of commands) expect(top.stdout).toContain(`  ${command} `);
  }, 60_000);
});
