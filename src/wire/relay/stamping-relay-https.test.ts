import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Real providers are HTTPS. The relay's thread connects with node:https and Node's CA store, as fetch would: a
// private CA comes in through NODE_EXTRA_CA_CERTS, which Node reads once at start, hence a child process per case.
// test-tls/ holds a self-signed certificate for localhost and 127.0.0.1, for tests only, made with:
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout localhost-key.pem \
//     -out localhost-cert.pem -days 36500 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1

const tls = join(import.meta.dirname, 'test-tls');
const moduleUrl = (file: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, file)).href);

const CASE = `
const { readFileSync } = await import('node:fs');
const { createServer } = await import('node:https');
const { startStampingRelay } = await import(${moduleUrl('stamping-relay.ts')});
const { createWireTap } = await import(${moduleUrl('../tap.ts')});
const dir = ${JSON.stringify(tls)};
let written = [];
const server = createServer(
  { key: readFileSync(dir + '/localhost-key.pem'), cert: readFileSync(dir + '/localhost-cert.pem') },
  (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-seen-authorization': req.headers.authorization });
    res.write('data: 1\\n\\n');
    written = [performance.now()];
    setTimeout(() => {
      written.push(performance.now());
      res.end('data: 2\\n\\n');
    }, 100);
  },
);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = 'https://localhost:' + server.address().port + '/v1/chat/completions';
const relay = await startStampingRelay();
const outcome = async (fetcher) => {
  let sentAt = 0;
  const tap = createWireTap((input, init) => {
    sentAt = performance.now();
    return fetcher(input, init);
  });
  try {
    const response = await tap.fetch(url, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: '{}' });
    const text = await response.text();
    await tap.settled();
    return {
      status: response.status,
      authorization: response.headers.get('x-seen-authorization'),
      text,
      chunks: tap.exchanges[0].chunks,
      // When the server wrote each chunk, on the tap's scale (the tap starts its clock just before sentAt).
      written: written.map((t) => t - sentAt),
    };
  } catch (error) {
    return { error: error.message, code: error.cause?.code };
  }
};
const result = { relayed: await outcome(relay.wrap()), direct: await outcome(fetch) };
await relay.close();
server.close();
process.stdout.write(JSON.stringify(result));
`;

interface Outcome {
  status?: number;
  authorization?: string;
  text?: string;
  chunks?: { t: number; text: string }[];
  written?: number[];
  error?: string;
  code?: string;
}

function runCase(trustTestCa: boolean): Promise<{ relayed: Outcome; direct: Outcome }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  if (trustTestCa) env.NODE_EXTRA_CA_CERTS = join(tls, 'localhost-cert.pem');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CASE], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`the case exited with ${code}: ${err}`));
    });
  });
}

describe('the stamping relay over HTTPS', () => {
  it('relays to an origin the process trusts, bytes and stamps intact', async () => {
    const { relayed, direct } = await runCase(true);
    expect(direct).toMatchObject({ status: 200, text: 'data: 1\n\ndata: 2\n\n' });
    expect(relayed).toMatchObject({ status: 200, authorization: 'Bearer sk-test', text: direct.text });
    // No byte is stamped before the server wrote it. The relay's stamps come from the monotonic clock, moved onto
    // performance.now() by an offset measured at start (to a µs or so): 0.5 ms covers that, nothing more.
    const [, secondWritten] = relayed.written as [number, number];
    let bytes = 0;
    for (const chunk of relayed.chunks ?? []) {
      bytes += chunk.text.length;
      if (bytes > 'data: 1\n\n'.length) expect(chunk.t).toBeGreaterThanOrEqual(secondWritten - 0.5);
    }
    const times = relayed.chunks?.map((chunk) => chunk.t) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 30_000);

  it('refuses an origin the process does not trust, with the code fetch gives', async () => {
    const { relayed, direct } = await runCase(false);
    expect(direct).toMatchObject({ error: 'fetch failed' });
    expect(direct.code).toMatch(/CERT/);
    expect(relayed).toEqual(direct);
  }, 30_000);
});
