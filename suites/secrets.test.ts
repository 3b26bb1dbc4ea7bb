import { once } from 'node:events';
import { mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFromEnv } from '../src/config/run-settings.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type BenchClock, runBench } from '../src/latency/run-bench.ts';
import { keyForms, keyLeaks } from './support/key-forms.ts';
import { type CliOutcome, runCli as cli, ROOT } from './support/run-cli.ts';

// Keys a hostile server echoes back in every form it can think of (letter case, base64 and HTTP Basic, JSON \u
// escapes, URL encoding), in its headers, its error bodies and its streamed answers: none may reach a file the run
// writes or its output. And a server that redirects elsewhere must not be handed the key.
const KEYS = {
  OPENAI_API_KEY: 'sk-proj-Hostile0Echo1Canary2abcdefXYZ',
  ANTHROPIC_API_KEY: 'sk-ant-api03-Hostile+Echo/Canary_42',
  GEMINI_API_KEY: 'AIzaSyHostile-Echo_Canary0123456789ab',
};
const SHORT_KEY = 'sk-1234';
const ONLY = 'openai/chat.basic,openai/chat.system,openai/stream.text,anthropic/chat.basic,google/chat.basic';

const temp: string[] = [];
const servers: Server[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-secrets-'));
  temp.push(dir);
  return dir;
}

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** The key a request carries, in whichever header or parameter its protocol puts it. */
function keyOf(req: IncomingMessage): string {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('key');
  return bearer ?? String(req.headers['x-api-key'] ?? req.headers['x-goog-api-key'] ?? query ?? '');
}

/** Every form of the key as a header, and the key itself as a header name (which Node lower-cases). */
function echoHeaders(key: string): Record<string, string> {
  const headers: Record<string, string> = {
    [`x-echo-${key.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`]: '1',
  };
  Object.values(keyForms(key)).forEach((form, i) => {
    headers[`x-echo-${i}`] = form;
  });
  return headers;
}

/** The forms spliced into JSON text as they are: a `\u` form is a JSON escape of the key there. */
const formsText = (key: string) => Object.values(keyForms(key)).join(' | ');

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

async function streamEcho(res: ServerResponse, key: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', ...echoHeaders(key) });
  for (const form of Object.values(keyForms(key))) {
    const event = `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"echo ${form} "},"finish_reason":null}]}\n\n`;
    // Each form split across two writes, so that it may arrive split across two chunks.
    const cut = event.indexOf(form) + Math.floor(form.length / 2);
    res.write(event.slice(0, cut));
    await pause();
    res.write(event.slice(cut));
  }
  res.end(
    'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
  );
}

/** Answers every protocol with the key echoed: a chat answer holding it, a stream holding it, or an error. */
async function hostileEcho(req: IncomingMessage, res: ServerResponse, seen: string[]): Promise<void> {
  const body = await bodyOf(req);
  const key = keyOf(req);
  seen.push(key);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const error = (status: number): void => {
    res
      .writeHead(status, { 'content-type': 'application/json', ...echoHeaders(key) })
      .end(
        `{"error":{"message":"Incorrect API key provided: ${formsText(key)}","type":"invalid_request_error"}}`,
      );
  };
  if (!path.startsWith('/openai/')) return error(path.startsWith('/google/') ? 400 : 401);
  const request = JSON.parse(body || '{}') as { stream?: boolean; messages?: { role: string }[] };
  if (request.stream) return streamEcho(res, key);
  if (request.messages?.some((m) => m.role === 'system')) return error(401);
  res
    .writeHead(200, { 'content-type': 'application/json', ...echoHeaders(key) })
    .end(
      `{"id":"c2","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Your key: ${formsText(key)}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`,
    );
}

/** Every file under `dir`, by path, with its text. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files[path] = await readFile(path, 'utf8');
  }
  return files;
}

interface Written {
  outcome: CliOutcome;
  /** stdout, stderr and every file written, by name. */
  texts: Record<string, string>;
}

async function written(outcome: CliOutcome, ...dirs: string[]): Promise<Written> {
  const texts: Record<string, string> = { stdout: outcome.stdout, stderr: outcome.stderr };
  for (const dir of dirs) Object.assign(texts, await filesUnder(dir));
  return { outcome, texts };
}

function expectNoForm(run: Written, key: string, form: string): void {
  for (const [name, text] of Object.entries(run.texts)) {
    expect(text.includes(form), `${name} holds the key`).toBe(false);
    expect(keyLeaks(text, key), name).toEqual([]);
  }
}

let echo: string;
const echoSeen: string[] = [];

function baseUrls(origin: string): string[] {
  return [
    '--base-url',
    `openai=${origin}/openai/v1`,
    '--base-url',
    `anthropic=${origin}/anthropic`,
    '--base-url',
    `google=${origin}/google`,
  ];
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  echo = await listen(
    createServer((req, res) => {
      hostileEcho(req, res, echoSeen).catch(() => res.destroy());
    }),
  );
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a hostile server echoing the keys', () => {
  let live: Written;
  let record: Written;
  let fixtureDir: string;

  beforeAll(async () => {
    const [liveOut, recordOut] = [await tempDir(), await tempDir()];
    fixtureDir = await tempDir();
    const common = ['--only', ONLY, ...baseUrls(echo)];
    const [liveRun, recordRun] = await Promise.all([
      cli(
        ['run', '--mode', 'live', '--out', liveOut, '--junit', join(liveOut, 'junit.xml'), ...common],
        KEYS,
      ),
      cli(['record', '--fixtures', fixtureDir, '--out', recordOut, ...common], KEYS),
    ]);
    live = await written(liveRun, liveOut);
    record = await written(recordRun, recordOut, fixtureDir);
  }, 120_000);

  it('was asked with each key and echoed it, so there was something to redact', async () => {
    for (const key of Object.values(KEYS)) expect(echoSeen).toContain(key);
    expect(live.outcome.stdout).toContain('Reports:');
    const report = JSON.parse(
      live.texts[Object.keys(live.texts).find((n) => n.endsWith('conformance.json'))!]!,
    );
    expect((report as RunReport).cases).toHaveLength(5);
    expect(JSON.stringify(report)).toContain('REDACTED');
    // The answer's own text is in the report now: the key it echoed is not.
    const answered = (report as RunReport).cases.find(
      (c) => c.provider === 'openai' && c.scenario === 'chat.basic',
    );
    expect(answered?.observed?.text?.text).toMatch(/^Your key: REDACTED/);
    const fixtures = Object.keys(record.texts).filter((name) => name.startsWith(fixtureDir));
    expect(fixtures.map((name) => name.slice(fixtureDir.length + 1)).sort()).toEqual(
      expect.arrayContaining([join('openai', 'chat.basic.json'), join('openai', 'stream.text.json')]),
    );
    const streamed = JSON.parse(record.texts[join(fixtureDir, 'openai', 'stream.text.json')]!) as Fixture;
    expect(streamed.exchanges[0]!.response.chunks.map((c) => c.text).join('')).toContain('echo REDACTED');
  });

  for (const [variable, key] of Object.entries(KEYS)) {
    it.each(Object.entries(keyForms(key)))(`leaves no trace of ${variable} written %s`, (_, form) => {
      expectNoForm(live, key, form);
      expectNoForm(record, key, form);
    });
  }

  it('writes fixtures that verify passes with the keys set', async () => {
    const verified = await cli(['verify', '--fixtures', fixtureDir], KEYS);
    expect(verified.stdout).toMatch(/no problems \(checked against 3 key values set\)/);
    expect(verified.code).toBe(0);
  });
});

describe('a short key', () => {
  it('is redacted in every form in live mode, with one loud warning naming it', async () => {
    const out = await tempDir();
    const run = await cli(
      [
        'run',
        '--mode',
        'live',
        '--only',
        'openai/chat.basic,openai/stream.text',
        '--out',
        out,
        ...baseUrls(echo),
      ],
      { OPENAI_API_KEY: SHORT_KEY },
    );
    expect(echoSeen).toContain(SHORT_KEY);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning: OPENAI_API_KEY'));
    expect(warnings).toEqual([
      'llmcompat: warning: OPENAI_API_KEY holds a 7-character value. A key this short can occur by chance in ' +
        'what providers answer: every occurrence of it (in any case, escaped or base64-encoded) is replaced by ' +
        'REDACTED in results and reports, even where it is not the key, and a fixture cannot be recorded with it.',
    ]);
    const texts = await written(run, out);
    for (const form of Object.values(keyForms(SHORT_KEY))) expectNoForm(texts, SHORT_KEY, form);
  }, 60_000);

  it('stops record mode before it sends anything, naming the variable and the fix', async () => {
    const [out, fixtures] = [await tempDir(), await tempDir()];
    const before = echoSeen.length;
    const run = await cli(
      ['record', '--only', 'openai/chat.basic', '--fixtures', fixtures, '--out', out, ...baseUrls(echo)],
      { OPENAI_API_KEY: SHORT_KEY },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'llmcompat: OPENAI_API_KEY holds a 7-character value: fixtures are not recorded with a key under 8 characters',
    );
    expect(run.stderr).toContain('use a key of 8 characters or more');
    expect(run.stderr).not.toContain('    at ');
    expect(echoSeen.length).toBe(before);
    expect(await readdir(fixtures)).toEqual([]);
  });

  it('stops probe --save too, before it sends anything', async () => {
    const fixtures = await tempDir();
    const before = echoSeen.length;
    const run = await cli(
      [
        'probe',
        ...['--base-url', `${echo}/openai/v1`, '--key-env', 'PROXY_KEY', '--model', 'm'],
        ...['--save', '--fixtures', fixtures],
      ],
      { PROXY_KEY: SHORT_KEY },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('llmcompat: PROXY_KEY holds a 7-character value: fixtures are not recorded');
    expect(echoSeen.length).toBe(before);
    expect(await readdir(fixtures)).toEqual([]);
  });

  it('is checked by verify, in every form', async () => {
    const dir = await tempDir();
    const fixture = JSON.parse(
      await readFile(join(ROOT, 'fixtures', 'openai', 'chat.basic.json'), 'utf8'),
    ) as Fixture;
    const forms = Object.values(keyForms(SHORT_KEY));
    fixture.exchanges[0]!.response.chunks = forms.map((form, i) => ({ t: i, text: `echo ${form}\n` }));
    await mkdir(join(dir, 'openai'));
    await writeFile(join(dir, 'openai', 'chat.basic.json'), JSON.stringify(fixture));
    const result = await cli(['verify', '--fixtures', dir], { OPENAI_API_KEY: SHORT_KEY });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`verify: ${forms.length} problems in 1 of 1 fixtures`);
    expect(result.stdout).toContain('(checked against 1 key value set)');
    expect(keyLeaks(result.stdout, SHORT_KEY)).toEqual([]);
  });

  it('under 4 characters stops live mode too', async () => {
    const out = await tempDir();
    const run = await cli(
      ['run', '--mode', 'live', '--only', 'openai/chat.basic', '--out', out, ...baseUrls(echo)],
      { OPENAI_API_KEY: 'abc' },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OPENAI_API_KEY holds a 3-character value, too short to redact');
    expect(await readdir(out)).toEqual([]);
  });
});

describe('llmcompat verify on each encoded form', () => {
  it('flags every form of a key set in the environment, one finding per chunk holding one', async () => {
    const dir = await tempDir();
    const key = KEYS.OPENAI_API_KEY;
    const fixture = JSON.parse(
      await readFile(join(ROOT, 'fixtures', 'openai', 'chat.basic.json'), 'utf8'),
    ) as Fixture;
    const forms = Object.entries(keyForms(key));
    fixture.exchanges[0]!.response.chunks = forms.map(([, form], i) => ({ t: i, text: `echo ${form}\n` }));
    const path = join(dir, 'openai', 'chat.basic.json');
    await mkdir(join(dir, 'openai'));
    await writeFile(path, JSON.stringify(fixture, null, 2));
    const result = await cli(['verify', '--fixtures', dir], { OPENAI_API_KEY: key });
    expect(result.code).toBe(1);
    forms.forEach(([name], i) => {
      expect(result.stdout, name).toContain(
        `exchanges[0].response.chunks[${i}].text: holds the value of OPENAI_API_KEY (…fXYZ)`,
      );
    });
    expect(keyLeaks(result.stdout + result.stderr, key)).toEqual([]);
  });
});

describe('llmcompat verify on hostile files', () => {
  it('gives one finding per file for a link, a 600 MB file and a ten-million-character token, never a stack', async () => {
    const [dir, outside] = [await tempDir(), await tempDir()];
    const shipped = (scenario: string) =>
      readFile(join(ROOT, 'fixtures', 'openai', `${scenario}.json`), 'utf8');
    await mkdir(join(dir, 'openai'));
    await writeFile(join(outside, 'chat.basic.json'), await shipped('chat.basic'));
    await symlink(join(outside, 'chat.basic.json'), join(dir, 'openai', 'chat.basic.json'));
    const sparse = await open(join(dir, 'openai', 'chat.system.json'), 'w');
    await sparse.truncate(600 * 1024 * 1024);
    await sparse.close();
    const token = JSON.parse(await shipped('stream.text')) as Fixture;
    token.exchanges[0]!.response.chunks[0]!.text = `data: sk-${'x'.repeat(10_000_000)}\n\n`;
    await writeFile(join(dir, 'openai', 'stream.text.json'), JSON.stringify(token));
    const result = await cli(['verify', '--fixtures', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /chat\.basic\.json: a symbolic link to a file \(.+\): verify does not follow links/,
      ),
      expect.stringMatching(/chat\.system\.json: 600 MB, over verify's 64 MB limit .+--max-file-mb 600$/),
      expect.stringMatching(
        /stream\.text\.json: .+holds what looks like a key \(openai-style-key, …xxxx, 10000003 chars\)/,
      ),
      `verify: 3 problems in 3 of 3 fixtures in ${dir} (checked against 0 key values set).`,
    ]);
  }, 60_000);
});

describe('a redirect to another origin', () => {
  let origin: string;
  let other: string;
  const otherSeen: IncomingMessage['headers'][] = [];

  beforeAll(async () => {
    other = await listen(
      createServer((req, res) => {
        otherSeen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }),
    );
    origin = await listen(
      createServer((req, res) => {
        const path = (req.url ?? '/').replace(/^\/redirect-other/, '');
        res.writeHead(307, { location: `${other}${path}` }).end();
      }),
    );
  });

  it('is not followed by run: the case fails saying so, and the other server is never contacted', async () => {
    const out = await tempDir();
    const run = await cli(
      [
        'run',
        '--mode',
        'live',
        '--only',
        'google/chat.basic',
        '--out',
        out,
        '--base-url',
        `google=${origin}/redirect-other`,
      ],
      { GEMINI_API_KEY: KEYS.GEMINI_API_KEY },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
    const [only] = report.cases;
    expect(only?.status).toBe('error');
    expect(only?.diagnostics.map((d) => d.code)).toContain('network-error');
    expect(JSON.stringify(only)).toContain(
      `google redirected to ${other}: not followed, so the key is not sent there; point --base-url at the final URL`,
    );
    expect(otherSeen).toEqual([]);
  }, 60_000);

  it.each<BenchClock>(['relay', 'local'])(
    'is not followed by bench (%s clock): every request is a network error',
    async (clock) => {
      const env = {
        LLMCOMPAT_MODE: 'live',
        LLMCOMPAT_PROVIDERS: 'google',
        LLMCOMPAT_SCENARIOS: 'chat.basic',
        LLMCOMPAT_BASE_URLS: `google=${origin}/redirect-other`,
        GEMINI_API_KEY: KEYS.GEMINI_API_KEY,
      };
      const report = await runBench({
        settings: settingsFromEnv(env),
        loads: [{ kind: 'closed', concurrency: 1 }],
        requests: 2,
        warmup: 0,
        varyPrompts: false,
        env,
        version: 'test',
        clock,
      });
      const [cell] = report.cells;
      expect(cell?.errors).toBe(2);
      expect(cell?.errorKinds).toEqual({ network: 2 });
      expect(otherSeen).toEqual([]);
    },
    30_000,
  );
});
