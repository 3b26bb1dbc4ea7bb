import { afterEach, describe, expect, it } from 'vitest';
import type { ClientSpec } from '../config/client-config.ts';
import type { ChatResult, StreamEvent } from '../core/adapter-contract.ts';
import { UsageError } from '../core/usage-error.ts';
import type { ClientError } from './client-messages.ts';
import { type CallSink, ClientFailure, type ClientProcess, startClientProcess } from './client-process.ts';

// Client processes written in a few lines of JavaScript, each run as `node -e`: what the harness does with a client
// that answers, holds, dies, or breaks the protocol.

const PRELUDE = `
const out = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
const hello = (extra = {}) => out({ type: 'hello', protocol: 'llmcompat-client/1',
  client: { name: 'fake', version: '1.0.0' }, protocols: ['openai-chat'], ...extra });
const lines = require('readline').createInterface({ input: process.stdin });
`;

const fake = (body: string, extra: Partial<ClientSpec> = {}): ClientSpec => ({
  name: 'fake',
  command: [process.execPath, '-e', PRELUDE + body],
  ...extra,
});

const started: ClientProcess[] = [];
async function start(spec: ClientSpec, warnings: string[] = []): Promise<ClientProcess> {
  const client = await startClientProcess(spec, {
    harnessVersion: '0.1.0',
    byeGraceMs: 200,
    onWarning: (text) => warnings.push(text),
  });
  started.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((client) => client.close('kill')));
});

interface Answer {
  events: StreamEvent[];
  result?: ChatResult;
  ended?: boolean;
  error?: ClientError;
  failure?: ClientFailure;
}

function sink(onEvent?: (event: StreamEvent) => void): { sink: CallSink; answer: Answer } {
  const answer: Answer = { events: [] };
  return {
    answer,
    sink: {
      event: (event) => {
        answer.events.push(event);
        onEvent?.(event);
      },
      result: (result) => {
        answer.result = result;
      },
      end: () => {
        answer.ended = true;
      },
      error: (error) => {
        answer.error = error;
      },
      fail: (failure) => {
        answer.failure = failure;
      },
    },
  };
}

const target = {
  provider: 'openai',
  protocol: 'openai-chat',
  baseUrl: 'http://127.0.0.1:1/x/v1',
  apiKey: 'k',
  quirks: {},
};
const call = (stream: boolean, model = 'm') => ({
  stream,
  target,
  request: { model, messages: [{ role: 'user' as const, content: 'hi' }] },
});

describe('startClientProcess', () => {
  it('exchanges hello, sends each call with an id, and routes the answers back', async () => {
    const client = await start(
      fake(`
lines.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'hello') hello({ concurrency: 3 });
  if (m.type === 'call' && !m.stream) out({ type: 'result', id: m.id,
    result: { text: m.target.baseUrl + ' ' + m.request.model, toolCalls: [], finishReason: 'stop' } });
  if (m.type === 'call' && m.stream) {
    out({ type: 'event', id: m.id, event: { type: 'text', text: 'a' } });
    out({ type: 'event', id: m.id, event: { type: 'finish', finishReason: 'stop' } });
    out({ type: 'end', id: m.id });
  }
  if (m.type === 'bye') process.exit(0);
});`),
    );
    expect(client.hello).toMatchObject({ client: { name: 'fake', version: '1.0.0' }, concurrency: 3 });
    const whole = sink();
    const streamed = sink();
    await Promise.all([client.call(call(false, 'gpt'), whole.sink), client.call(call(true), streamed.sink)]);
    expect(whole.answer.result).toEqual({
      text: 'http://127.0.0.1:1/x/v1 gpt',
      toolCalls: [],
      finishReason: 'stop',
    });
    expect(streamed.answer).toEqual({
      events: [
        { type: 'text', text: 'a' },
        { type: 'finish', finishReason: 'stop' },
      ],
      ended: true,
    });
    await client.close('bye');
  });

  it('never has more calls open than the client’s concurrency', async () => {
    // Holds its first call until the harness gives up on it; a call arriving while it holds one is an overlap.
    const client = await start(
      fake(`
let held;
let calls = 0;
lines.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'hello') return hello({ concurrency: 1 });
  if (m.type === 'cancel' && m.id === held) held = undefined;
  if (m.type !== 'call') return;
  if (++calls === 1) {
    held = m.id;
    return out({ type: 'event', id: m.id, event: { type: 'text', text: 'holding' } });
  }
  const text = held ? 'overlap with ' + held : 'after the cancel';
  out({ type: 'result', id: m.id, result: { text, toolCalls: [], finishReason: 'stop' } });
});`),
    );
    const giveUp = new AbortController();
    const first = sink(() => giveUp.abort());
    const second = sink();
    await Promise.all([
      client.call(call(true), first.sink, giveUp.signal),
      client.call(call(false), second.sink),
    ]);
    expect(first.answer).toEqual({ events: [{ type: 'text', text: 'holding' }] });
    expect(second.answer.result?.text).toBe('after the cancel');
  });

  it('fails the open call, and every later one, when the client exits: its code and the end of its stderr', async () => {
    const client = await start(
      fake(`
lines.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'hello') hello();
  if (m.type === 'call') { process.stderr.write('Traceback: KeyError\\n'); process.exit(3); }
});`),
    );
    const first = sink();
    const later = sink();
    await client.call(call(false), first.sink);
    await client.call(call(false), later.sink);
    for (const { answer } of [first, later]) {
      expect(answer.failure).toBeInstanceOf(ClientFailure);
      expect(answer.failure).toMatchObject({
        kind: 'exited',
        message: "client 'fake' exited with code 3",
        stderrTail: 'Traceback: KeyError',
      });
    }
  });

  it('fails a call the client answers against the protocol, naming what it did', async () => {
    const warnings: string[] = [];
    const client = await start(
      fake(`
lines.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'hello') { hello(); out({ type: 'end', id: 'c99' }); }
  if (m.type === 'call' && m.request.model === 'event') out({ type: 'event', id: m.id, event: { type: 'text', text: 'x' } });
  if (m.type === 'call' && m.request.model === 'print') console.log('sending the request now');
});`),
      warnings,
    );
    const evented = sink();
    await client.call(call(false, 'event'), evented.sink);
    expect(evented.answer.failure).toMatchObject({
      kind: 'protocol',
      message: expect.stringMatching(
        /^client 'fake' broke the protocol: an event for call c1, which is not streamed/,
      ),
    });
    const printed = sink();
    await client.call(call(true, 'print'), printed.sink);
    expect(printed.answer.failure?.message).toBe(
      "client 'fake' broke the protocol: a line on the client's stdout is not JSON: \"sending the request now\" " +
        '(write logs to stderr, never stdout)',
    );
    expect(warnings).toEqual(["client 'fake' answered call 'c99', which was never sent"]);
  });

  it('refuses a client that speaks another major version, exits before hello, or says nothing in time', async () => {
    await expect(
      start(fake(`lines.on('line', () => hello({ protocol: 'llmcompat-client/2' }));`)),
    ).rejects.toThrow(
      "Cannot use client 'fake': it speaks llmcompat-client/2, this llmcompat speaks llmcompat-client/1 " +
        '(docs/client-protocol.md): update the client or llmcompat so that the major versions agree.',
    );
    const exits = fake(`process.stderr.write('ModuleNotFoundError: no module named x\\n'); process.exit(1);`);
    const error = await start(exits).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /^Cannot start client 'fake' \(.*\): it exited with code 1 before answering hello; its stderr ended with:\nModuleNotFoundError: no module named x$/s,
    );
    await expect(start(fake(`setInterval(() => {}, 1000);`, { startTimeoutMs: 200 }))).rejects.toThrow(
      /it did not answer hello within 200 ms \(clients\.fake\.startTimeoutMs\)$/,
    );
    await expect(start(fake(`lines.on('line', () => out({ type: 'end', id: 'c1' }));`))).rejects.toThrow(
      /its first message was 'end', not hello$/,
    );
  });

  it('kills a client that outstays bye', async () => {
    const client = await start(
      fake(`
process.on('SIGTERM', () => {});
lines.on('line', (line) => { if (JSON.parse(line).type === 'hello') hello(); });
lines.on('close', () => setInterval(() => {}, 1000));`),
    );
    await client.close('bye');
    const late = sink();
    await client.call(call(false), late.sink);
    expect(late.answer.failure?.message).toBe("client 'fake' was killed by SIGKILL");
  });
});
