import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../src/catalog/catalog.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { createReplayServer, type ReplayServer } from '../src/fixtures/replay.ts';
import { runRecordedCase } from '../src/runner/run-recorded-case.ts';
import { ALL_SCENARIOS } from '../src/scenarios/all-scenarios.ts';
import { holdConsoleInFile, SDK_BAD_CHUNK } from './support/hold-console.ts';

// A fixture edited to break the wire turns its own cell red with the right diagnostic; its neighbours stay green.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
let dir: string;
let replay: ReplayServer;
// The SDK logs the chunk of invalid JSON it could not parse; the diagnostic is what that test checks.
holdConsoleInFile(SDK_BAD_CHUNK);

const scenario = (id: string) => ALL_SCENARIOS.find((s) => s.id === id)!;
const path = (provider: string, id: string) => join(dir, provider, `${id}.json`);
const read = async (provider: string, id: string) =>
  JSON.parse(await readFile(path(provider, id), 'utf8')) as Fixture;
const write = (fixture: Fixture) =>
  writeFile(path(fixture.provider, fixture.scenario), JSON.stringify(fixture));
const run = (provider: string, id: string) =>
  runRecordedCase({ provider: findProvider(provider), scenario: scenario(id), replay, fixtureDir: dir });
const codes = (result: Awaited<ReturnType<typeof run>>) => result.diagnostics.map((d) => d.code);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-broken-'));
  await cp(shipped, dir, { recursive: true });
  replay = createReplayServer();
});
afterAll(async () => {
  await replay.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a broken fixture', () => {
  it('truncated OpenAI stream: no-done-sentinel, and the cell fails', async () => {
    const fixture = await read('openai', 'stream.text');
    const chunks = fixture.exchanges[0]!.response.chunks;
    chunks.splice(Math.ceil(chunks.length / 2));
    await write(fixture);
    const result = await run('openai', 'stream.text');
    expect(result.outcome).toBe('fail');
    expect(codes(result)).toContain('no-done-sentinel');
    expect((await run('openai', 'chat.basic')).outcome).toBe('pass');
  });

  it('a chunk of invalid JSON: invalid-json-chunk with the chunk as evidence', async () => {
    const fixture = await read('anthropic', 'stream.text');
    const chunks = fixture.exchanges[0]!.response.chunks;
    const victim = chunks.find((chunk) => chunk.text.includes('text_delta'))!;
    victim.text = victim.text.replace('{"type"', '{"type"::');
    await write(fixture);
    const result = await run('anthropic', 'stream.text');
    expect(result.status).not.toBe('pass');
    const diagnostic = result.diagnostics.find((d) => d.code === 'invalid-json-chunk');
    expect(diagnostic?.evidence).toContain('{"type"::');
    expect((await run('anthropic', 'stream.usage')).outcome).toBe('pass');
  });

  it('keep-alive lines between the events (`data: : keepalive`): noted, the answer read whole', async () => {
    const fixture = await read('anthropic', 'stream.usage');
    const chunks = fixture.exchanges[0]!.response.chunks;
    // After a chunk that ends an event: a keep-alive goes between events.
    const at = chunks.findIndex((chunk) => chunk.text.includes('text_delta') && chunk.text.endsWith('\n\n'));
    chunks.splice(at + 1, 0, { t: chunks[at]!.t, text: ': OPENROUTER PROCESSING\n\ndata: : keepalive\n\n' });
    await write(fixture);
    const result = await run('anthropic', 'stream.usage');
    expect(result.outcome, codes(result).join()).toBe('pass');
    expect(result.diagnostics.filter((d) => d.code === 'sse-comment').map((d) => d.evidence)).toEqual([
      ': OPENROUTER PROCESSING',
      'data: : keepalive',
    ]);
    expect(codes(result)).not.toContain('invalid-json-chunk');
    expect((await run('anthropic', 'chat.basic')).outcome).toBe('pass');
  });

  it('CRLF framing on an ordinary stream: read whole, and the fault row names it only where the body shows it', async () => {
    const fixture = await read('mistral', 'stream.usage');
    for (const chunk of fixture.exchanges[0]!.response.chunks) chunk.text = chunk.text.replace(/\n/g, '\r\n');
    await write(fixture);
    const result = await run('mistral', 'stream.usage');
    expect(result.outcome, codes(result).join()).toBe('pass');
    expect(codes(result)).not.toContain('invalid-json-chunk');
    // The crlf-framing fixture with one LF left: not CRLF-framed, so the quirk is not named (misclassified-fault).
    const quirk = await read('mistral', 'faults.crlf-framing');
    const last = quirk.exchanges[0]!.response.chunks.at(-1)!;
    last.text = last.text.replace(/\r\n$/, '\n');
    await write(quirk);
    const unnamed = await run('mistral', 'faults.crlf-framing');
    expect(unnamed.outcome).toBe('fail');
    expect(codes(unnamed)[0]).toBe('misclassified-fault');
    expect((await run('mistral', 'chat.basic')).outcome).toBe('pass');
  });

  it('a missing finish told from a cut: the same stream ending half-way through an event is truncated-stream', async () => {
    expect((await run('ollama', 'faults.missing-finish')).outcome).toBe('pass');
    const fixture = await read('ollama', 'faults.missing-finish');
    const chunks = fixture.exchanges[0]!.response.chunks;
    const last = chunks.at(-1)!;
    last.text = last.text.slice(0, Math.floor(last.text.length / 2));
    await write(fixture);
    const result = await run('ollama', 'faults.missing-finish');
    expect(result.outcome).toBe('fail');
    expect(codes(result)[0]).toBe('misclassified-fault');
    expect(result.fault).toMatchObject({ expected: 'missing-finish', observed: 'truncated-stream' });
    expect((await run('ollama', 'stream.text')).outcome).toBe('pass');
  });

  it('a truncated Ollama NDJSON stream: truncated-stream', async () => {
    const fixture = await read('ollama', 'stream.text');
    const chunks = fixture.exchanges[0]!.response.chunks;
    chunks.splice(chunks.length - 1);
    await write(fixture);
    const result = await run('ollama', 'stream.text');
    expect(result.outcome).toBe('fail');
    expect(codes(result)).toContain('truncated-stream');
  });

  it('missing or corrupt: an error that names the file and the command that records it', async () => {
    await rm(path('mistral', 'chat.basic'));
    const missing = await run('mistral', 'chat.basic');
    expect(missing.outcome).toBe('error');
    expect(missing.reason).toContain(`Missing fixture ${path('mistral', 'chat.basic')}`);
    expect(missing.reason).toContain('llmcompat record --only mistral/chat.basic');
    await writeFile(path('mistral', 'chat.system'), '{"schema": 1, "provider": "mistral"');
    const corrupt = await run('mistral', 'chat.system');
    expect(corrupt.outcome).toBe('error');
    expect(corrupt.reason).toMatch(/Corrupt fixture .*chat\.system\.json: not valid JSON/);
    expect((await run('mistral', 'chat.multi-turn')).outcome).toBe('pass');
  });
});

describe('recorded mode never leaves the machine', () => {
  it('an adapter reaching for an unrecorded URL fails its case loudly, naming the URL, and the server sees nothing', async () => {
    let hits = 0;
    const server = createServer((_request, response) => {
      hits++;
      response.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      // A base URL the fixtures were not recorded from: an error that says so before any request is made.
      const overridden = await runRecordedCase({
        provider: { ...findProvider('openai'), baseUrl: url },
        scenario: scenario('chat.basic'),
        replay,
        fixtureDir: dir,
      });
      expect(overridden.outcome).toBe('error');
      expect(overridden.reason).toContain(
        `were recorded from https://api.openai.com, but this run sends openai to ${url}`,
      );
      expect(overridden.reason).toContain('llmcompat record --provider openai');
      // An adapter that goes elsewhere on its own: msw blocks the request, and the case names the URL.
      const straying = await runRecordedCase({
        provider: {
          ...findProvider('openai'),
          adapter: (config) => ({
            protocol: 'openai-chat',
            complete: async () => {
              await config.fetch(`${url}/chat/completions`, { method: 'POST', body: '{}' });
              throw new Error('unreachable: the request above is blocked');
            },
            // biome-ignore lint/correctness/useYield: the stream fails before its first event
            async *stream() {
              throw new Error('not streamed in this scenario');
            },
          }),
        },
        scenario: scenario('chat.basic'),
        replay,
        fixtureDir: dir,
      });
      expect(straying.outcome).toBe('error');
      const blocked = straying.diagnostics.find((d) => d.code === 'unrecorded-request');
      expect(blocked?.message).toContain(`${url}/chat/completions`);
      expect(straying.reason ?? '').not.toContain('[MSW]');
      expect(hits).toBe(0);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
