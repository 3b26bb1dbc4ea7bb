// Preloaded (node --import) into a process that must stay offline: any connection or DNS lookup beyond loopback
// throws and is reported on stderr, so a test can prove that nothing was attempted.
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;
export const BLOCKED_MARK = 'llmcompat-offline-guard: blocked';

function guard(host: unknown): void {
  const name = typeof host === 'string' ? host : 'localhost';
  if (!LOOPBACK.test(name)) {
    process.stderr.write(`${BLOCKED_MARK} ${name}\n`);
    throw new Error(`${BLOCKED_MARK} ${name}`);
  }
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const [first] = args;
  if (typeof first === 'object' && first !== null && !('path' in first && first.path)) {
    guard((first as { host?: unknown }).host);
  } else if (typeof first === 'number') {
    guard(args[1]);
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  guard(hostname);
  return (lookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
} as typeof dns.lookup;

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = ((hostname: string, ...rest: unknown[]) => {
  guard(hostname);
  return (promisesLookup as (...a: unknown[]) => Promise<unknown>).call(dns.promises, hostname, ...rest);
}) as typeof dns.promises.lookup;
