import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv, runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// `llmcompat serve` as a test suite in another language uses it: started as a command, its printed base URLs read,
// and called by a client that is not the harness (the Python reference client's own code, over real HTTP).
const root = resolve(import.meta.dirname, '..');
const python = promisify(execFile);

interface Served {
  child: ChildProcessWithoutNullStreams;
  /** Provider id → base URL, as printed. */
  urls: Map<string, string>;
  /** Everything printed so far. */
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout holds a line matching `pattern`. */
  line: (pattern: RegExp) => Promise<string>;
}

let running: Served[] = [];
afterEach(async () => {
  for (const served of running) {
    if (served.child.exitCode === null && served.child.signalCode === null) {
      served.child.kill('SIGKILL');
      await once(served.child, 'exit');
    }
  }
  running = [];
});

async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--', join(root, 'bin/llmcompat.mjs'), 'serve', ...args], {
    cwd: root,
    env: childEnv(),
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  child.once('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  const line = async (pattern: RegExp) => {
    for (;;) {
      const found = stdout.split('\n').find((text) => pattern.test(text));
      if (found !== undefined) return found;
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stdout}${stderr}`);
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  const served: Served = { child, urls: new Map(), stdout: () => stdout, stderr: () => stderr, line };
  running.push(served);
  await line(/^Each request is logged below/);
  for (const match of stdout.matchAll(/^ {2}(\S+) +(http:\/\/127\.0\.0\.1:\d+\/\S+)$/gm)) {
    served.urls.set(match[1] as string, match[2] as string);
  }
  return served;
}

/** Runs a Python snippet with the reference client importable, and returns what it printed as JSON. */
async function pythonClient(code: string, env: Record<string, string>): Promise<unknown> {
  const { stdout } = await python('python3', ['-c', code], {
    env: {
      ...process.env,
      ...env,
      PYTHONPATH: join(root, 'clients/python'),
      PYTHONDONTWRITEBYTECODE: '1',
    },
  });
  return JSON.parse(stdout);
}

const CALL = `
import json, os, llmcompat_client as client
target = {'baseUrl': os.environ['BASE_URL'], 'apiKey': 'sk-test-1234567890', 'quirks': {}}
request = json.loads(os.environ['REQUEST'])
try:
    if os.environ.get('STREAM'):
        print(json.dumps({'events': list(client.stream(target, request))}))
    else:
        print(json.dumps({'result': client.complete(target, request)}))
except client.CallError as error:
    print(json.dumps({'error': error.message, 'status': error.status}))
`;

import { SCENARIO_COUNT } from './support/matrix-size.ts';

const CAPITAL = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'What is the capital of France? Answer in one word.' }],
  maxTokens: 256,
  temperature: 0,
};

describe('llmcompat serve', () => {
  it('prints each provider’s base URL, answers a client in another language, and logs the match', async () => {
    const served = await serve(['--provider', 'openai,anthropic']);
    expect(served.stdout()).toMatch(
      new RegExp(
        `^llmcompat serve: listening on http://127\\.0\\.0\\.1:\\d+ \\(2 provider\\(s\\), ${2 * SCENARIO_COUNT} fixture\\(s\\), fast timing\\)$`,
        'm',
      ),
    );
    const base = served.urls.get('openai') as string;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openai\/v1$/);
    expect(served.urls.get('anthropic')).toMatch(/\/anthropic$/);

    const answer = await pythonClient(CALL, { BASE_URL: base, REQUEST: JSON.stringify(CAPITAL) });
    expect(answer).toMatchObject({ result: { text: 'Paris', finishReason: 'stop', toolCalls: [] } });
    expect(await served.line(/^#1 /)).toBe('#1 POST /openai/v1/chat/completions → 200 openai/chat.basic#1');

    const streamed = (await pythonClient(CALL, {
      BASE_URL: base,
      STREAM: '1',
      REQUEST: JSON.stringify({
        ...CAPITAL,
        messages: [{ role: 'user', content: 'Count from 1 to 10, separated by spaces.' }],
      }),
    })) as { events: { type: string; text?: string }[] };
    const text = streamed.events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('');
    expect(text).toMatch(/^1 2 3 4 5 6 7 8 9 10/);
    expect(await served.line(/^#2 /)).toBe('#2 POST /openai/v1/chat/completions → 200 openai/stream.text#1');
  });

  it('answers a request no fixture holds with 404, and logs the closest fixture and each difference', async () => {
    const served = await serve(['--provider', 'openai', '--scenario', 'chat.basic']);
    const answer = await pythonClient(CALL, {
      BASE_URL: served.urls.get('openai') as string,
      REQUEST: JSON.stringify({ ...CAPITAL, temperature: 0.5 }),
    });
    expect(answer).toMatchObject({
      status: 404,
      error: expect.stringContaining('closest is openai/chat.basic#1'),
    });
    expect(await served.line(/^#1 /)).toBe(
      '#1 POST /openai/v1/chat/completions → 404, no fixture matches; closest openai/chat.basic#1 ' +
        '(1 difference(s)): body.temperature: recorded 0, now 0.5',
    );
  });

  it('injects the faults asked for, by provider or by scenario', async () => {
    const served = await serve(['--provider', 'openai', '--fault', 'openai/chat.basic=429']);
    const base = served.urls.get('openai') as string;
    const limited = await pythonClient(CALL, { BASE_URL: base, REQUEST: JSON.stringify(CAPITAL) });
    expect(limited).toMatchObject({ status: 429, error: expect.stringContaining('injected HTTP 429') });
    expect(await served.line(/^#1 /)).toBe(
      '#1 POST /openai/v1/chat/completions → 200 openai/chat.basic#1 · injected HTTP 429',
    );
    const other = (await pythonClient(CALL, {
      BASE_URL: base,
      STREAM: '1',
      REQUEST: JSON.stringify({
        ...CAPITAL,
        messages: [{ role: 'user', content: 'Count from 1 to 10, separated by spaces.' }],
      }),
    })) as { events: unknown[] };
    // Another scenario's request is not hit.
    expect(other.events.length).toBeGreaterThan(2);
    expect(await served.line(/^#2 /)).toBe('#2 POST /openai/v1/chat/completions → 200 openai/stream.text#1');
  });

  it('cuts a stream off with reset:<n>, which the client reports as an error', async () => {
    const served = await serve([
      '--provider',
      'openai',
      '--scenario',
      'stream.text',
      '--fault',
      'openai=reset:2',
    ]);
    const answer = await pythonClient(CALL, {
      BASE_URL: served.urls.get('openai') as string,
      STREAM: '1',
      REQUEST: JSON.stringify({
        ...CAPITAL,
        messages: [{ role: 'user', content: 'Count from 1 to 10, separated by spaces.' }],
      }),
    });
    expect(answer).toMatchObject({
      error: expect.stringMatching(/^the connection broke in the middle of the body/),
    });
    expect(await served.line(/^#1 /)).toBe(
      '#1 POST /openai/v1/chat/completions → 200 openai/stream.text#1 · injected reset after 2 chunk(s)',
    );
  });

  it('stops on SIGTERM with exit 0, having reached nothing beyond loopback', async () => {
    const served = await serve(['--provider', 'openai', '--scenario', 'chat.basic', '--timing', 'recorded']);
    expect(served.stdout()).toContain('recorded timing');
    served.child.kill('SIGTERM');
    const [code] = (await once(served.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(served.stdout()).toMatch(/^llmcompat serve: stopped by SIGTERM after 0 request\(s\)\.$/m);
    expect(served.stderr()).not.toContain(ATTEMPT_MARK);
  });

  it('refuses a bad option, a taken port and an empty selection with exit 2 and the fix', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const port = (taken.address() as { port: number }).port;
    try {
      const [fault, kind, busy, none, help] = await Promise.all([
        cli(['serve', '--fault', 'nobody=429']),
        cli(['serve', '--provider', 'openai', '--fault', 'openai=teapot']),
        cli(['serve', '--provider', 'openai', '--port', String(port)]),
        cli(['serve', '--provider', 'openai', '--fixtures', join(root, 'src')]),
        cli(['serve', '--help']),
      ]);
      expect(fault.code).toBe(2);
      expect(fault.stderr).toMatch(/^llmcompat: Bad --fault 'nobody=429': 'nobody' is not a served provider/);
      expect(kind.code).toBe(2);
      expect(kind.stderr).toContain(
        "Bad --fault 'openai=teapot': the kind 'teapot' is not a status (429, 500, 503 …)",
      );
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(
        `Cannot listen on 127.0.0.1:${port} (EADDRINUSE): choose another port with --port`,
      );
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('No fixture to serve in');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('llmcompat serve — serve the fixtures over HTTP on 127.0.0.1');
      for (const outcome of [fault, kind, busy, none]) expect(outcome.stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });
});
