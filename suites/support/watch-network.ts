// Preloaded into every node process of a run that must stay offline (through NODE_OPTIONS, so vitest's workers get
// it too): each attempt to reach beyond loopback is reported on stderr, so a test can prove nothing was attempted.
// A real connection resolves a name or tries an address; msw's mocked connections do neither (they do pass undici's
// connect hook, which is why that hook is not watched).
import diagnostics from 'node:diagnostics_channel';
import dns from 'node:dns';
import type { Socket } from 'node:net';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
export const ATTEMPT_MARK = 'llmcompat-offline-watch: attempted';

function check(host: unknown): void {
  if (typeof host === 'string' && host !== '' && !LOOPBACK.test(host)) {
    process.stderr.write(`${ATTEMPT_MARK} ${host}\n`);
  }
}

const lookup = dns.lookup;
dns.lookup = function watchedLookup(hostname: string, ...rest: unknown[]) {
  check(hostname);
  return (lookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
} as typeof dns.lookup;

diagnostics.subscribe('net.client.socket', (message) => {
  (message as { socket: Socket }).socket.on('connectionAttempt', (ip: string) => check(ip));
});

/** The NODE_OPTIONS value that loads this watch into a process and all its workers. */
export function watchNetworkOption(): string {
  return `--import=${import.meta.filename}`;
}
