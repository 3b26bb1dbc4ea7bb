// Preloaded (node --import) into a process that must stay offline: every attempt to connect beyond loopback is
// reported on stderr, so a test can prove that nothing was attempted. It watches rather than blocks: fetch's
// connections (undici, inside Node) do not go through patchable JavaScript, but they do announce themselves.
import diagnostics from 'node:diagnostics_channel';
import dns from 'node:dns';
import type { Socket } from 'node:net';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;
export const ATTEMPT_MARK = 'llmcompat-offline-watch: attempted';

function check(host: unknown): void {
  if (typeof host === 'string' && host !== '' && !LOOPBACK.test(host)) {
    process.stderr.write(`${ATTEMPT_MARK} ${host}\n`);
  }
}

diagnostics.subscribe('undici:client:beforeConnect', (message) => {
  check((message as { connectParams?: { hostname?: string } }).connectParams?.hostname);
});
diagnostics.subscribe('net.client.socket', (message) => {
  const socket = (message as { socket?: Socket & { _host?: string } }).socket;
  check(socket?._host);
});

const lookup = dns.lookup;
dns.lookup = function watchedLookup(hostname: string, ...rest: unknown[]) {
  check(hostname);
  return (lookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
} as typeof dns.lookup;
