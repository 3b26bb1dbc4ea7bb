// A 50 MB streamed response through the harness path (the openai-chat adapter and its official SDK, the wire tap,
// the live fetch with its size cap) is rejected as oversized, while the process's peak RSS stays under 200 MB.
// npm run bench:oversized
// The server is a child process, so its buffers do not count against this one. Only the one adapter's SDK is
// loaded here; what loading all five costs (as a full run does) is measured in another child and printed beside.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { classifyError } from '../src/checks/classify-error.ts';
import { createOpenAIChatAdapter } from '../src/protocols/openai-chat/openai-chat-adapter.ts';
import { collectStream } from '../src/protocols/shared/collect-stream.ts';
import { createLiveFetch } from '../src/runner/live-fetch.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, formatBytes } from '../src/wire/limit-response-size.ts';
import { createWireTap } from '../src/wire/tap.ts';

const RESPONSE_BYTES = 50 * 1024 * 1024;
const RSS_TARGET_MB = 200;
const DEADLINE_MS = 60_000;
const MB = 1024 * 1024;

// ---- the child: an OpenAI-style SSE stream of RESPONSE_BYTES, written as fast as the reader takes it ----

function sseEvent(index: number): string {
  const content = `token ${index} `.padEnd(1000, 'lorem ipsum dolor sit amet ');
  const chunk = {
    id: 'chatcmpl-oversized',
    object: 'chat.completion.chunk',
    created: 1_750_000_000,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function stream(res: ServerResponse): Promise<number> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sent = 0;
  for (let i = 0; sent < RESPONSE_BYTES && !res.destroyed; i++) {
    const event = sseEvent(i);
    sent += Buffer.byteLength(event);
    if (!res.write(event)) {
      const gone = new AbortController();
      const drained = await Promise.race([
        once(res, 'drain', { signal: gone.signal }).then(() => true),
        once(res, 'close', { signal: gone.signal }).then(() => false),
      ]).finally(() => gone.abort());
      if (!drained) break;
    }
  }
  if (!res.destroyed) res.end('data: [DONE]\n\n');
  return sent;
}

async function serve(): Promise<void> {
  // Ends with the parent: the IPC channel closes when it exits, however it exits.
  process.on('disconnect', () => process.exit(0));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      void stream(res).then((sent) => process.send?.({ sent }));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
}

// ---- the parent: one harness case against it, measured ----

function startChild(): Promise<{ child: ChildProcess; port: number; sent: Promise<number> }> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let reportSent: (bytes: number) => void = () => {};
  const sent = new Promise<number>((resolve) => {
    reportSent = resolve;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server child exited early (code ${code})`)));
    child.on('message', (message: { port?: number; sent?: number }) => {
      if (message.port !== undefined) resolve({ child, port: message.port, sent });
      if (message.sent !== undefined) reportSent(message.sent);
    });
  });
}

/** The network fetch, counting the body bytes the harness actually pulled off the socket. */
function countingFetch(counter: { bytes: number }): typeof fetch {
  const counted = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const count = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        counter.bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(count), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return counted as typeof fetch;
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Peak RSS of a fresh process that loads every adapter, as a full run does, and does nothing else. */
function allAdaptersRssMb(): number | undefined {
  try {
    const script =
      "await import('./src/protocols/create-adapter.ts');" +
      'process.stdout.write(String(process.resourceUsage().maxRSS / 1024));';
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
      timeout: 30_000,
    });
    return Number(out);
  } catch {
    return undefined;
  }
}

interface Verdict {
  rejected: boolean;
  kind: string;
  message: string;
  /** What the wire tap kept of the body. */
  tappedBytes: number;
}

/** The stream.text request through adapter → SDK → wire tap → live fetch (cap) → the child's 50 MB. */
async function throughTheHarness(port: number, counter: { bytes: number }): Promise<Verdict> {
  const scenario = SCENARIOS.find((s) => s.id === 'stream.text');
  if (!scenario) throw new Error('scenario stream.text is missing');
  const tap = createWireTap(
    createLiveFetch({ fetch: countingFetch(counter), retries: 0, idleTimeoutMs: 10_000 }),
  );
  const adapter = createOpenAIChatAdapter({
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey: 'bench-oversized-key',
    fetch: tap.fetch,
  });
  let error: unknown;
  try {
    await collectStream(adapter.stream({ ...scenario.request, model: 'gpt-4o' }));
  } catch (thrown) {
    error = thrown;
  }
  await tap.settled();
  const exchange = tap.exchanges[0];
  const tappedBytes = exchange?.chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.text), 0) ?? 0;
  if (error === undefined)
    return { rejected: false, kind: 'none', message: 'the whole body was accepted', tappedBytes };
  const classified = classifyError(error, exchange);
  const thrown = error instanceof Error ? error.message : String(error);
  const transport = exchange?.transportError;
  const message = transport && transport !== thrown ? `${thrown} (on the wire: ${transport})` : thrown;
  return {
    rejected: /response too large|oversized/i.test(`${message} ${classified.message}`),
    kind: classified.kind,
    message,
    tappedBytes,
  };
}

async function main(): Promise<number> {
  const deadline = setTimeout(() => {
    process.stderr.write(`bench:oversized: no verdict within ${DEADLINE_MS / 1000} s; giving up\n`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();

  const { child, port, sent } = await startChild();
  const counter = { bytes: 0 };
  const rssBeforeMb = peakRssMb();
  const started = performance.now();
  const verdict = await throughTheHarness(port, counter);
  const tookMs = performance.now() - started;
  const peakMb = peakRssMb();
  const serverSent = await Promise.race([sent, new Promise<undefined>((r) => setTimeout(r, 2_000))]);
  child.kill();
  const allAdaptersMb = allAdaptersRssMb();

  const withinTarget = peakMb < RSS_TARGET_MB;
  const lines = [
    `bench:oversized · node ${process.version} · ${process.platform}-${process.arch}`,
    `  response:   ${formatBytes(RESPONSE_BYTES)} of OpenAI SSE from a loopback child process; ` +
      `cap ${formatBytes(DEFAULT_MAX_RESPONSE_BYTES)} (the live fetch's default)`,
    `  verdict:    ${verdict.rejected ? 'rejected' : 'NOT rejected'}, classified as ${verdict.kind} · ${verdict.message}`,
    `  read:       ${counter.bytes.toLocaleString('en-US')} bytes (${(counter.bytes / MB).toFixed(1)} MB) off the ` +
      `socket before the cut; the wire tap kept ${(verdict.tappedBytes / MB).toFixed(1)} MB` +
      (serverSent === undefined ? '' : `; the server got ${(serverSent / MB).toFixed(1)} MB out`),
    `  peak RSS:   ${peakMb.toFixed(0)} MB (${rssBeforeMb.toFixed(0)} MB before the request, ` +
      `+${(peakMb - rssBeforeMb).toFixed(0)} MB for it) · target < ${RSS_TARGET_MB} MB: ${withinTarget ? 'ok' : 'OVER'}`,
    allAdaptersMb === undefined
      ? '  all SDKs:   (could not measure)'
      : `  all SDKs:   a process that loads all five adapters' SDKs peaks at ${allAdaptersMb.toFixed(0)} MB ` +
        'before any request (a full run pays this once)',
    `  time:       ${(tookMs / 1000).toFixed(2)} s for the request`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return verdict.rejected && withinTarget ? 0 : 1;
}

if (process.argv.includes('--serve')) await serve();
else process.exitCode = await main();
