import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance, UsageError } from '../src/index.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';

// The library path of an external client, in recorded mode: msw replays the fixtures in this process, the client
// is another process, and the gateway between them is a node:http server here. msw intercepts the gateway's
// outgoing fetch (an answer can only come from the fixture: nothing here reaches a provider) and leaves its incoming
// connections alone (else no call would be answered at all).
const REFERENCE = resolve(import.meta.dirname, '..', 'clients/python/llmcompat_client.py');
process.env.PYTHONDONTWRITEBYTECODE = '1';

describe('runConformance({ client }) in recorded mode', () => {
  it('runs a config’s client through msw replay: the index-less tool-call streams pass', async () => {
    const report = await runConformance({
      providers: 'google-openai,ollama-openai',
      scenarios: 'tools.*',
      client: 'mine',
      config: { clients: { mine: { command: ['python3', REFERENCE] } } },
    });
    expect(report.run.client).toEqual({ name: 'mine', version: '0.1.0' });
    expect(report.cases).toHaveLength(2 * SCENARIOS.filter((s) => s.id.startsWith('tools.')).length);
    expect(report.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'error')).toEqual([]);
    const codes = report.cases.flatMap((c) => c.diagnostics.map((d) => d.code));
    expect(codes).not.toContain('unrecorded-request');
    expect(codes).not.toContain('request-drift');
    expect(codes.filter((code) => code.startsWith('client-'))).toEqual([]);
    const gemini = report.cases.find((c) => c.provider === 'google-openai' && c.scenario === 'tools.stream');
    expect(gemini?.outcome).toBe('pass');
    expect(gemini?.diagnostics.map((d) => d.code)).toContain('missing-index');
  });

  it('skips the providers a config’s `protocols` leaves out, or the client does not speak, saying which', async () => {
    const report = await runConformance({
      providers: 'openai,anthropic',
      scenarios: 'chat.basic',
      client: 'mine',
      config: { clients: { mine: { command: ['python3', REFERENCE], protocols: ['anthropic-messages'] } } },
    });
    expect(report.cases.map((c) => [c.provider, c.status, c.reason])).toEqual([
      ['openai', 'skipped', 'clients.mine.protocols leaves out openai-chat, which openai speaks'],
      ['anthropic', 'skipped', 'client mine speaks openai-chat only; anthropic speaks anthropic-messages'],
    ]);
  });

  it('names an unknown client and a bad client entry before anything starts', async () => {
    await expect(runConformance({ client: 'nope' })).rejects.toThrow(UsageError);
    await expect(runConformance({ client: 'nope' })).rejects.toThrow(
      /^Unknown client 'nope'\. Known: python-reference; define one in llmcompat\.config\.ts/,
    );
    await expect(
      runConformance({ client: 'mine', config: { clients: { mine: { command: [] } } } }),
    ).rejects.toThrow(/clients\.mine\.command: give the program and its arguments as a list of strings/);
  });
});
