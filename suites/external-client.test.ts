import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import { groupSize, SCENARIO_COUNT } from './support/matrix-size.ts';
import { childEnv, runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// `llmcompat run --client`: the Python reference client (clients/python, standard library only) runs the matrix of
// the six OpenAI-compatible providers offline, as a separate process whose every request goes through llmcompat's
// gateway into msw's replay; a copy of it broken on purpose shows `client-mismatch` where the wire was right. The
// CLI children are watched by the offline preload (nothing beyond loopback).
const root = resolve(import.meta.dirname, '..');
const REFERENCE = join(root, 'clients/python/llmcompat_client.py');
const SIX = 'openai,cohere,openrouter,together,google-openai,ollama-openai';
// Python must not write __pycache__ into the tree.
const PYTHON_ENV = { PYTHONDONTWRITEBYTECODE: '1' };

let temp: string;
let builtIn: RunReport;
let python: RunReport;
let pythonRun: Awaited<ReturnType<typeof cli>>;

async function runTo(name: string, args: string[]) {
  const out = join(temp, name);
  const outcome = await cli(['run', ...args, '--out', out], PYTHON_ENV);
  const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
  return { outcome, report };
}

/** Writes a config naming one client in the temp folder, and returns its path. */
async function configWith(name: string, command: string[], extra: Record<string, unknown> = {}) {
  const path = join(temp, `${name}.config.json`);
  await writeFile(path, JSON.stringify({ clients: { [name]: { command, ...extra } } }));
  return path;
}

const key = (c: CaseResult) => `${c.provider}/${c.scenario}`;
const codes = (c: CaseResult) => c.diagnostics.map((d) => `${d.severity}:${d.code}`).sort();

interface Difference {
  cell: string;
  builtIn: string;
  client: string;
  /** The client cell names its own failure (`client-…`): the difference is explained. */
  explained: boolean;
}

/** The cells where a client's matrix differs from the built-in adapter's, in outcome or in diagnostics. */
function differences(reference: RunReport, client: RunReport): Difference[] {
  const byKey = new Map(reference.cases.map((c) => [key(c), c]));
  return client.cases.flatMap((cell) => {
    const other = byKey.get(key(cell));
    const a = other ? `${other.outcome} [${codes(other).join(' ')}]` : 'absent';
    const b = `${cell.outcome} [${codes(cell).join(' ')}]`;
    if (a === b) return [];
    const explained = cell.diagnostics.some((d) => d.severity === 'failure' && d.code.startsWith('client-'));
    return [{ cell: key(cell), builtIn: a, client: b, explained }];
  });
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'llmcompat-client-'));
  [{ report: builtIn }, { outcome: pythonRun, report: python }] = await Promise.all([
    runTo('built-in', ['--provider', SIX]),
    runTo('python', ['--provider', SIX, '--client', 'python-reference']),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('llmcompat run --client python-reference (recorded, offline)', () => {
  it('passes over the six OpenAI-compatible providers: no ✗ on a declared capability, no E', () => {
    expect(pythonRun.stderr).not.toContain(ATTEMPT_MARK);
    expect(pythonRun.code, pythonRun.stdout + pythonRun.stderr).toBe(0);
    expect(python.cases).toHaveLength(6 * SCENARIO_COUNT);
    expect(python.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'error')).toEqual([]);
    expect(python.cases.every((c) => c.status !== 'skipped')).toBe(true);
  });

  it('names the client in the report and in the matrix header', () => {
    expect(python.run.client).toEqual({ name: 'python-reference', version: '0.1.0' });
    expect(pythonRun.stdout).toMatch(
      /Capability matrix · llmcompat [^\n]* · client python-reference 0\.1\.0/,
    );
    expect(builtIn.run.client).toBeUndefined();
  });

  it('differs from the built-in adapter’s matrix only where a cell says why', () => {
    const found = differences(builtIn, python);
    expect(found.filter((d) => !d.explained)).toEqual([]);
    // The reference client assembles streamed tool calls by the built-in adapters' rule (Gemini's and Ollama's
    // index-less deltas included) and sends the SDK's request: its matrix is the built-in one, cell for cell.
    expect(found).toEqual([]);
    const gemini = python.cases.find((c) => key(c) === 'google-openai/tools.stream');
    expect(gemini?.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['missing-index', 'empty-tool-call-id']),
    );
  });

  it('sends the request the fixtures recorded, turn 2 of a tool round trip included: no request drift', () => {
    const drifted = python.cases.filter((c) => c.diagnostics.some((d) => d.code === 'request-drift'));
    expect(drifted.map(key)).toEqual([]);
    expect(python.cases.find((c) => key(c) === 'openai/tools.roundtrip')?.outcome).toBe('pass');
  });

  it('skips the providers of a protocol the client does not speak, saying why', async () => {
    const { outcome, report } = await runTo('skipped', [
      '--provider',
      'openai,anthropic',
      '--scenario',
      'chat.basic',
      '--client',
      'python-reference',
    ]);
    expect(outcome.code).toBe(0);
    expect(report.cases.find((c) => c.provider === 'anthropic')).toMatchObject({
      status: 'skipped',
      reason: 'client python-reference speaks openai-chat only; anthropic speaks anthropic-messages',
    });
    expect(report.cases.find((c) => c.provider === 'openai')?.outcome).toBe('pass');
  });
});

describe('a client broken on purpose', () => {
  it('drops the second tool call: tools.parallel shows client-mismatch, and the provider’s own findings stay', async () => {
    const source = await readFile(REFERENCE, 'utf8');
    const broken = source.replace("'toolCalls': tool_calls,", "'toolCalls': tool_calls[:1],");
    expect(broken).not.toBe(source);
    const script = join(temp, 'broken_client.py');
    await writeFile(script, broken);
    const config = await configWith('broken', ['python3', script]);
    const { outcome, report } = await runTo('broken', [
      '--provider',
      SIX,
      '--scenario',
      'tools.parallel',
      '--client',
      'broken',
      '--config',
      config,
    ]);
    expect(outcome.code).toBe(1);
    const found = differences(builtIn, report);
    expect(found.filter((d) => !d.explained)).toEqual([]);
    // The providers whose wire carries two calls; Together and Ollama send one (a known gap), which survives.
    expect(found.map((d) => d.cell)).toEqual([
      'openai/tools.parallel',
      'cohere/tools.parallel',
      'openrouter/tools.parallel',
      'google-openai/tools.parallel',
    ]);
    for (const cell of report.cases) {
      const reference = builtIn.cases.find((c) => key(c) === key(cell)) as CaseResult;
      // Every finding about the provider is as the built-in run has it.
      expect(cell.diagnostics).toEqual(expect.arrayContaining(reference.diagnostics));
    }
    const openai = report.cases.find((c) => c.provider === 'openai') as CaseResult;
    expect(openai.outcome).toBe('fail');
    expect(openai.diagnostics[0]).toMatchObject({
      code: 'client-mismatch',
      severity: 'failure',
      message: expect.stringMatching(
        /^the wire had 2 tool calls \(get_weather, get_weather\), the client reported 1/,
      ),
    });
    expect(outcome.stdout).toContain('client-mismatch');
  });

  it('assembles streamed calls by index alone: Gemini’s and Ollama’s index-less deltas are its failures', async () => {
    const source = await readFile(REFERENCE, 'utf8');
    const naive = source.replace(
      "'index': tracker.assign(call.get('index'), call.get('id'), function.get('name')),",
      "'index': call['index'],",
    );
    expect(naive).not.toBe(source);
    const script = join(temp, 'naive_client.py');
    await writeFile(script, naive);
    const config = await configWith('naive', ['python3', script]);
    const { outcome, report } = await runTo('naive', [
      '--provider',
      SIX,
      '--scenario',
      'tools.stream',
      '--client',
      'naive',
      '--config',
      config,
    ]);
    expect(outcome.code).toBe(1);
    const found = differences(builtIn, report);
    expect(found.filter((d) => !d.explained)).toEqual([]);
    expect(found.map((d) => d.cell)).toEqual(['google-openai/tools.stream', 'ollama-openai/tools.stream']);
    for (const provider of ['google-openai', 'ollama-openai']) {
      const cell = report.cases.find((c) => c.provider === provider) as CaseResult;
      expect(cell.diagnostics[0]).toMatchObject({
        code: 'client-mismatch',
        message: expect.stringMatching(
          /^the wire carried a complete HTTP 200 answer, the client reported an error: client bug: KeyError\('index'\)/,
        ),
      });
      // The provider's own deviation is still the provider's.
      expect(cell.diagnostics.map((d) => d.code)).toContain('missing-index');
      expect(cell.diagnostics.map((d) => d.code)).not.toContain('provider-error');
    }
  });

  it('exits mid-run: its open call and every later one fail with its exit code and stderr, the run fails', async () => {
    // Answers hello, then dies on its first call, saying why on stderr.
    const dies = [
      'const rl = require("readline").createInterface({ input: process.stdin });',
      'rl.on("line", (line) => { const m = JSON.parse(line);',
      '  if (m.type === "hello") console.log(JSON.stringify({ type: "hello", protocol: "llmcompat-client/1",',
      '    client: { name: "dies", version: "9.9.9" }, protocols: ["openai-chat"] }));',
      '  if (m.type === "call") { console.error("boom: out of cheese"); process.exit(7); } });',
    ].join('\n');
    const config = await configWith('dies', [process.execPath, '-e', dies]);
    const { outcome, report } = await runTo('dies', [
      '--provider',
      'openai',
      '--scenario',
      'chat.*',
      '--client',
      'dies',
      '--config',
      config,
    ]);
    expect(outcome.code).toBe(1);
    expect(report.run.client).toEqual({ name: 'dies', version: '9.9.9' });
    expect(report.cases).toHaveLength(groupSize('chat'));
    for (const cell of report.cases) {
      expect(cell.outcome).toBe('fail');
      expect(cell.diagnostics[0]).toMatchObject({
        code: 'client-exited',
        message: "client 'dies' exited with code 7",
        evidence: 'boom: out of cheese',
      });
      // Not blamed on the provider: no provider-error, no network-error.
      expect(cell.diagnostics.map((d) => d.code)).toEqual(['client-exited']);
    }
  });

  it('speaking another major version, or not found, is a usage error naming the fix', async () => {
    const future = [
      'process.stdin.once("data", () => console.log(JSON.stringify({ type: "hello",',
      '  protocol: "llmcompat-client/2", client: { name: "f", version: "2" }, protocols: ["openai-chat"] })));',
      'setTimeout(() => {}, 60000);',
    ].join('\n');
    const config = join(temp, 'two.config.json');
    await writeFile(
      config,
      JSON.stringify({
        clients: {
          future: { command: [process.execPath, '-e', future] },
          missing: { command: ['llmcompat-no-such-program'] },
        },
      }),
    );
    const run = (name: string) =>
      cli([
        'run',
        '--provider',
        'openai',
        '--scenario',
        'chat.basic',
        '--client',
        name,
        '--config',
        config,
        '--out',
        join(temp, `refused-${name}`),
      ]);
    const [v2, absent, unknown] = await Promise.all([run('future'), run('missing'), run('pyton-reference')]);
    expect(v2.code).toBe(2);
    expect(v2.stderr).toContain(
      "llmcompat: Cannot use client 'future': it speaks llmcompat-client/2, this llmcompat speaks llmcompat-client/1",
    );
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(
      "'llmcompat-no-such-program' was not found: fix clients.missing.command (or install llmcompat-no-such-program)",
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown client 'pyton-reference'. Did you mean 'python-reference'?");
    for (const outcome of [v2, absent, unknown]) expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses record mode', async () => {
    const outcome = await cli([
      'record',
      '--provider',
      'openai',
      '--client',
      'python-reference',
      '--out',
      join(temp, 'record'),
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--client runs in recorded or live mode, not record');
  });
});

describe('an interrupted client run', () => {
  it('Ctrl-C ends the client process too', async () => {
    // Hangs on its first call after noting its pid, so the signal comes while a call is open.
    const pidFile = join(temp, 'hangs.pid');
    const hangs = [
      'const fs = require("fs");',
      'require("readline").createInterface({ input: process.stdin }).on("line", (line) => {',
      '  const m = JSON.parse(line);',
      '  if (m.type === "hello") console.log(JSON.stringify({ type: "hello", protocol: "llmcompat-client/1",',
      '    client: { name: "hangs", version: "1" }, protocols: ["openai-chat"] }));',
      `  if (m.type === "call") fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); });`,
      'process.on("SIGTERM", () => {});',
    ].join('\n');
    const config = await configWith('hangs', [process.execPath, '-e', hangs]);
    const child = spawn(
      process.execPath,
      [
        '--',
        join(root, 'bin/llmcompat.mjs'),
        'run',
        '--provider',
        'openai',
        '--scenario',
        'chat.basic',
        '--client',
        'hangs',
        '--config',
        config,
        '--out',
        join(temp, 'hangs'),
      ],
      { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    let pid: number | undefined;
    while (pid === undefined) {
      await new Promise((wait) => setTimeout(wait, 25));
      pid = await readFile(pidFile, 'utf8').then(Number, () => undefined);
    }
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, stderr).toBe(130);
    // The client ignored SIGTERM: it was killed outright as the run let go. A kill takes effect a moment after it is
    // sent, so this waits for the process to be gone; if it never goes, the test's own timeout says so.
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((wait) => setTimeout(wait, 25));
    expect(alive()).toBe(false);
  });
});
