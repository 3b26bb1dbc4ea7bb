import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type ClientSpec, DEFAULT_START_TIMEOUT_MS } from '../config/client-config.ts';
import type { ChatResult, StreamEvent } from '../core/adapter-contract.ts';
import { UsageError } from '../core/usage-error.ts';
import {
  type CallMessage,
  CLIENT_PROTOCOL,
  type ClientError,
  type ClientHello,
  type ClientMessage,
  type HarnessMessage,
  readClientLine,
} from './client-messages.ts';

/** Why a call got no answer from the client: it exited, broke the protocol, or never answered in time. */
export type ClientFailureKind = 'exited' | 'protocol' | 'timeout';

export class ClientFailure extends Error {
  override name = 'ClientFailure';
  readonly kind: ClientFailureKind;
  /** The last lines of the client's stderr, when it has gone. */
  readonly stderrTail: string | undefined;
  constructor(kind: ClientFailureKind, message: string, stderrTail?: string) {
    super(message);
    this.kind = kind;
    this.stderrTail = stderrTail;
  }
}

/** What the client answers to one call, handed on as it arrives. */
export interface CallSink {
  event(event: StreamEvent): void;
  result(result: ChatResult): void;
  end(): void;
  error(error: ClientError): void;
  fail(failure: ClientFailure): void;
}

export interface ClientProcess {
  readonly hello: ClientHello;
  /**
   * Sends a call once fewer than `hello.concurrency` are open, and resolves when it is answered, failed, or given up
   * (the signal aborted: a `cancel` is sent and a later answer ignored).
   */
  call(message: Omit<CallMessage, 'type' | 'id'>, sink: CallSink, signal?: AbortSignal): Promise<void>;
  /** `bye`, then waits for the exit (killing the client after `byeGraceMs`); `kill` ends it at once. */
  close(how: 'bye' | 'kill'): Promise<void>;
}

export interface ClientProcessOptions {
  harnessVersion: string;
  /** How long the client may take to exit after `bye` before it is killed (default 5000). */
  byeGraceMs?: number;
  /** A protocol problem no open call can carry (an answer to an unknown id, a stray line between calls). */
  onWarning?: (text: string) => void;
}

const MAX_LINE_CHARS = 64 * 1024 * 1024;
const STDERR_TAIL_CHARS = 4096;
const STDERR_TAIL_LINES = 12;
const KILL_GRACE_MS = 1000;

/** The last lines the client wrote on stderr, for messages about its end. */
function createTail() {
  let text = '';
  return {
    add(chunk: string) {
      text = (text + chunk).slice(-STDERR_TAIL_CHARS);
    },
    lines(): string {
      const lines = text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES);
      return lines.join('\n');
    },
  };
}

/** Splits a byte stream into lines (LF or CRLF); a line past the cap is a protocol problem, not a memory hog. */
function lineSplitter(onLine: (line: string) => void, onTooLong: () => void) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return (chunk: Buffer) => {
    pending += decoder.write(chunk);
    let at = pending.indexOf('\n');
    while (at !== -1) {
      const line = pending.slice(0, at).replace(/\r$/, '');
      pending = pending.slice(at + 1);
      if (line.trim() !== '') onLine(line);
      at = pending.indexOf('\n');
    }
    if (pending.length > MAX_LINE_CHARS) {
      pending = '';
      onTooLong();
    }
  };
}

function majorOf(protocol: string): string | undefined {
  return /^llmcompat-client\/(\d+)(?:\.\d+)?$/.exec(protocol)?.[1];
}

interface OpenCall {
  stream: boolean;
  sink: CallSink;
  done: () => void;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/**
 * Starts a client, exchanges `hello`, and routes its answers to the calls by id. A client that fails to start, says
 * no `hello` in time or speaks another major version is a UsageError naming the fix; one that exits later fails
 * its open calls (and every later one) with its exit code and the tail of its stderr.
 */
export async function startClientProcess(
  spec: ClientSpec,
  options: ClientProcessOptions,
): Promise<ClientProcess> {
  const [program, ...args] = spec.command as [string, ...string[]];
  const label = `client '${spec.name}'`;
  const stderr = createTail();
  const open = new Map<string, OpenCall>();
  let grantAll = () => {};
  let ended: ClientFailure | undefined;
  let helloAnswer: ((hello: ClientHello) => void) | undefined;
  let startProblem: ((problem: string) => void) | undefined;
  let nextId = 1;

  const child = spawn(program, args, {
    cwd: spec.cwd ? resolve(spec.cwd) : process.cwd(),
    env: { ...process.env, ...spec.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The client may be gone when a line is written to it: its exit says why, not an EPIPE.
  child.stdin?.on('error', () => {});
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stderrNote = () => {
    const tail = stderr.lines();
    return tail ? `; its stderr ended with:\n${tail}` : ' (nothing on its stderr)';
  };
  const send = (message: HarnessMessage) => {
    if (child.stdin?.writable) child.stdin.write(`${JSON.stringify(message)}\n`);
  };
  const failOpen = (failure: ClientFailure) => {
    for (const [id, call] of open) {
      open.delete(id);
      call.sink.fail(failure);
      call.done();
    }
  };
  const protocolProblem = (problem: string, id?: string) => {
    const call = id === undefined ? undefined : open.get(id);
    const failure = new ClientFailure('protocol', `${label} broke the protocol: ${problem}`);
    if (call && id !== undefined) {
      open.delete(id);
      call.sink.fail(failure);
      call.done();
    } else if (open.size > 0) {
      failOpen(failure);
    } else {
      options.onWarning?.(failure.message);
    }
  };

  const route = (message: ClientMessage) => {
    if (message.type === 'unknown') return;
    if (message.type === 'hello') {
      if (helloAnswer) helloAnswer(message);
      else protocolProblem('a second hello after the handshake');
      return;
    }
    if (helloAnswer) {
      startProblem?.(`its first message was '${message.type}', not hello`);
      return;
    }
    const call = open.get(message.id);
    if (!call) {
      // Answers to a call given up on (cancelled) are expected; to one never sent, they are a client bug.
      const sent = /^c(\d+)$/.exec(message.id);
      if (!sent || Number(sent[1]) >= nextId) {
        options.onWarning?.(`${label} answered call '${message.id}', which was never sent`);
      }
      return;
    }
    const finish = () => {
      open.delete(message.id);
      call.done();
    };
    switch (message.type) {
      case 'event':
        if (!call.stream)
          return protocolProblem(
            `an event for call ${message.id}, which is not streamed: answer it with one result`,
            message.id,
          );
        call.sink.event(message.event);
        return;
      case 'end':
        if (!call.stream)
          return protocolProblem(
            `end for call ${message.id}, which is not streamed: answer it with one result`,
            message.id,
          );
        finish();
        call.sink.end();
        return;
      case 'result':
        if (call.stream)
          return protocolProblem(
            `a result for call ${message.id}, which is streamed: send event lines, then end`,
            message.id,
          );
        finish();
        call.sink.result(message.result);
        return;
      case 'error':
        finish();
        call.sink.error(message.error);
        return;
    }
  };

  child.stdout?.on(
    'data',
    lineSplitter(
      (line) => {
        const read = readClientLine(line);
        if (read.ok) route(read.message);
        else if (helloAnswer) startProblem?.(read.problem);
        else protocolProblem(read.problem, read.id);
      },
      () => protocolProblem(`a line longer than ${MAX_LINE_CHARS} characters`),
    ),
  );
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => stderr.add(chunk));

  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      ended = new ClientFailure('exited', `${label} ${how}`, stderr.lines());
      startProblem?.(`it ${how} before answering hello${stderrNote()}`);
      failOpen(ended);
      grantAll();
      resolveExit();
    });
  });

  const hello = await new Promise<ClientHello>((resolveHello, rejectHello) => {
    const timeoutMs = spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const timer = setTimeout(
      () =>
        startProblem?.(
          `it did not answer hello within ${timeoutMs} ms (clients.${spec.name}.startTimeoutMs)`,
        ),
      timeoutMs,
    );
    const settle = () => {
      clearTimeout(timer);
      helloAnswer = undefined;
      startProblem = undefined;
    };
    helloAnswer = (answer) => {
      settle();
      resolveHello(answer);
    };
    startProblem = (problem) => {
      settle();
      process.off('exit', killOnExit);
      child.kill('SIGKILL');
      const command = spec.command.join(' ');
      const shown = command.length > 80 ? `${command.slice(0, 79)}…` : command;
      rejectHello(new UsageError(`Cannot start ${label} (${shown}): ${problem}`));
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const fix =
        error.code === 'ENOENT'
          ? `'${program}' was not found: fix clients.${spec.name}.command (or install ${program})`
          : error.message;
      startProblem?.(fix);
    });
    send({
      type: 'hello',
      protocol: CLIENT_PROTOCOL,
      harness: { name: 'llmcompat', version: options.harnessVersion },
    });
  });
  if (majorOf(hello.protocol) !== majorOf(CLIENT_PROTOCOL)) {
    child.kill('SIGKILL');
    throw new UsageError(
      `Cannot use ${label}: it speaks ${hello.protocol}, this llmcompat speaks ${CLIENT_PROTOCOL} ` +
        '(docs/client-protocol.md): update the client or llmcompat so that the major versions agree.',
    );
  }

  // Calls wait here for one of the client's `concurrency` slots; an aborted wait leaves the queue.
  let inFlight = 0;
  const queue: { grant: () => void }[] = [];
  grantAll = () => {
    for (const entry of queue.splice(0)) entry.grant();
  };
  const acquire = (signal: AbortSignal | undefined) =>
    new Promise<boolean>((granted) => {
      if (signal?.aborted) {
        granted(false);
        return;
      }
      if (inFlight < hello.concurrency) {
        inFlight++;
        granted(true);
        return;
      }
      const onAbort = () => {
        queue.splice(queue.indexOf(entry), 1);
        granted(false);
      };
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          inFlight++;
          granted(true);
        },
      };
      queue.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  const release = () => {
    inFlight--;
    queue.shift()?.grant();
  };

  return {
    hello,
    async call(message, sink, signal) {
      if (!(await acquire(signal))) return;
      if (ended || signal?.aborted) {
        release();
        if (ended) sink.fail(ended);
        return;
      }
      const id = `c${nextId++}`;
      await new Promise<void>((done) => {
        const onAbort = () => {
          if (!open.delete(id)) return;
          send({ type: 'cancel', id });
          done();
        };
        open.set(id, {
          stream: message.stream,
          sink,
          done: () => {
            signal?.removeEventListener('abort', onAbort);
            done();
          },
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        send({ type: 'call', id, ...message });
      });
      release();
    },
    async close(how) {
      if (!ended) {
        if (how === 'bye') {
          send({ type: 'bye' });
          child.stdin?.end();
          if (!(await waitForExit(child, options.byeGraceMs ?? 5000))) child.kill('SIGTERM');
        } else {
          child.kill('SIGTERM');
        }
        if (!(await waitForExit(child, KILL_GRACE_MS))) child.kill('SIGKILL');
      }
      await exited;
    },
  };
}
