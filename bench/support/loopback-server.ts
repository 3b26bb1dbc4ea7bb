import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monotonicMs } from '../../src/wire/monotonic-clock.ts';
import type { ServerConfig } from './server-config.ts';
import { median } from './stats.ts';

export interface LoopbackServer {
  url: string;
  /** One-way IPC delay child → parent on the shared monotonic clock: never negative if the clock is shared. */
  clockCheck(): Promise<{ minMs: number; p50Ms: number }>;
  close(): Promise<void>;
}

const SERVER_NICENESS = 10;

type ChildMessage = { type: 'listening'; port: number } | { type: 'clock'; at: number };

function nextMessage(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`the server child exited (code ${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts the OpenAI-format SSE server in a child process. */
export async function startLoopbackServer(config: ServerConfig): Promise<LoopbackServer> {
  const entry = fileURLToPath(new URL('./sse-server-child.ts', import.meta.url));
  // No inherited flags: a --cpu-prof of the client must not profile the server too.
  const child = fork(entry, [JSON.stringify(config)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The server stands in for a remote machine: at a lower priority it yields this machine's CPU to the client under
  // test whenever both want it. It can only make the figures worse, never better: each write time is taken just
  // before its write, and a preemption between the two would count against the client.
  if (child.pid !== undefined) setPriority(child.pid, SERVER_NICENESS);
  const listening = await nextMessage(child, 'listening');
  if (listening.type !== 'listening') throw new Error('unexpected message from the server child');
  return {
    url: `http://127.0.0.1:${listening.port}`,
    async clockCheck() {
      const delays: number[] = [];
      for (let i = 0; i < 20; i++) {
        const reply = nextMessage(child, 'clock');
        child.send('clock');
        const message = await reply;
        const received = monotonicMs();
        if (message.type === 'clock') delays.push(received - message.at);
      }
      return { minMs: Math.min(...delays), p50Ms: median(delays) };
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      });
    },
  };
}
