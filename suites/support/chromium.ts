// A headless Chromium driven over the Chrome DevTools Protocol with Node's own WebSocket: enough to load a page,
// read its DOM and take a screenshot, without a browser-automation dependency.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_INSTALL = 'apt-get install -y chromium';

/** Debian's chromium, or the binary LLMCOMPAT_CHROMIUM names; undefined when neither is there. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.LLMCOMPAT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  // Containers give /dev/shm 64 MB, which a renderer can outgrow; /tmp has room.
  '--disable-dev-shm-usage',
  '--remote-debugging-port=0',
];

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  sessionId?: string;
}

type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/** One DevTools WebSocket: commands with ids and their answers, events to listeners. */
class CdpConnection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  readonly #listeners = new Map<string, Set<Listener>>();
  #nextId = 1;
  #closed: Error | undefined;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => this.#receive(String(event.data)));
    socket.addEventListener('close', () => this.#fail(new Error('the DevTools connection closed')));
  }

  static open(url: string, timeoutMs: number): Promise<CdpConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(
        () => reject(new Error(`no DevTools connection to ${url} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new CdpConnection(socket));
      });
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error(`could not connect to DevTools at ${url}`));
      });
    });
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer from the browser in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#socket.send(
        JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }),
      );
    });
  }

  on(method: string, listener: Listener): () => void {
    const set = this.#listeners.get(method) ?? new Set<Listener>();
    set.add(listener);
    this.#listeners.set(method, set);
    return () => set.delete(listener);
  }

  close(): void {
    this.#fail(new Error('the DevTools connection was closed'));
    this.#socket.close();
  }

  #receive(text: string): void {
    const message = JSON.parse(text) as CdpMessage;
    if (message.id !== undefined) {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error) pending.reject(new Error(`DevTools: ${message.error.message}`));
      else pending.resolve(message.result ?? {});
      return;
    }
    if (message.method) {
      for (const listener of this.#listeners.get(message.method) ?? []) {
        listener(message.params ?? {}, message.sessionId);
      }
    }
  }

  #fail(error: Error): void {
    this.#closed ??= error;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(id);
    }
  }
}

export interface Viewport {
  width: number;
  height: number;
}

export interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A tab with a page loaded. */
export class ChromiumPage {
  readonly #cdp: CdpConnection;
  readonly #sessionId: string;
  /** Every request the page made, its own document included, in order. */
  readonly requests: string[];

  constructor(cdp: CdpConnection, sessionId: string, requests: string[]) {
    this.#cdp = cdp;
    this.#sessionId = sessionId;
    this.requests = requests;
  }

  /** The value of a JavaScript expression evaluated in the page (JSON-serialisable values only). */
  async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.#cdp.send(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      this.#sessionId,
    );
    const details = answer.exceptionDetails as
      | { text?: string; exception?: { description?: string } }
      | undefined;
    if (details) {
      throw new Error(`in the page: ${details.exception?.description ?? details.text ?? 'an exception'}`);
    }
    return (answer.result as { value?: unknown } | undefined)?.value as T;
  }

  /** `prefers-color-scheme` as the page sees it. */
  async colorScheme(scheme: 'light' | 'dark'): Promise<void> {
    await this.#cdp.send(
      'Emulation.setEmulatedMedia',
      { features: [{ name: 'prefers-color-scheme', value: scheme }] },
      this.#sessionId,
    );
  }

  /** A PNG of `clip` (CSS pixels from the top of the page, beyond the viewport if need be), or of the viewport. */
  async screenshot(path: string, clip?: Clip): Promise<void> {
    const params = clip
      ? { format: 'png', captureBeyondViewport: true, clip: { ...clip, scale: 1 } }
      : { format: 'png' };
    const { data } = await this.#cdp.send('Page.captureScreenshot', params, this.#sessionId, 30_000);
    await writeFile(path, Buffer.from(String(data), 'base64'));
  }
}

/** A headless Chromium with its own throw-away profile; `close` ends it and removes the profile. */
export class Chromium {
  readonly #child: ChildProcess;
  readonly #cdp: CdpConnection;
  readonly #profile: string;
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess, cdp: CdpConnection, profile: string, exited: Promise<void>) {
    this.#child = child;
    this.#cdp = cdp;
    this.#profile = profile;
    this.#exited = exited;
  }

  static async launch(executable: string, timeoutMs = 20_000): Promise<Chromium> {
    const profile = await mkdtemp(join(tmpdir(), 'llmcompat-chromium-'));
    // Home and XDG folders inside the profile too: crash reports and caches land there, not in the user's home.
    const home = {
      HOME: profile,
      XDG_CONFIG_HOME: join(profile, '.config'),
      XDG_CACHE_HOME: join(profile, '.cache'),
    };
    // Its own process group, so that closing it can end the renderer and helper processes it started too.
    const child = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
      env: { ...process.env, ...home },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = await devToolsUrl(child, timeoutMs);
      const cdp = await CdpConnection.open(url, timeoutMs);
      return new Chromium(child, cdp, profile, exited);
    } catch (error) {
      await stop(child, exited);
      await rm(profile, { recursive: true, force: true });
      throw error;
    }
  }

  /** A new tab of `viewport` size that loads `url` and waits for its load event. */
  async open(url: string, viewport: Viewport = { width: 1280, height: 900 }): Promise<ChromiumPage> {
    const { targetId } = await this.#cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.#cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const session = String(sessionId);
    const requests: string[] = [];
    this.#cdp.on('Network.requestWillBeSent', (params, from) => {
      if (from === session) requests.push(String((params.request as { url?: unknown } | undefined)?.url));
    });
    await this.#cdp.send('Page.enable', {}, session);
    await this.#cdp.send('Network.enable', {}, session);
    await this.#cdp.send(
      'Emulation.setDeviceMetricsOverride',
      { ...viewport, deviceScaleFactor: 1, mobile: false },
      session,
    );
    const loaded = new Promise<void>((resolve) => {
      const off = this.#cdp.on('Page.loadEventFired', (_params, from) => {
        if (from !== session) return;
        off();
        resolve();
      });
    });
    const navigation = await this.#cdp.send('Page.navigate', { url }, session);
    if (navigation.errorText) throw new Error(`could not open ${url}: ${String(navigation.errorText)}`);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${url} did not finish loading in 15 s`)), 15_000);
    });
    await Promise.race([loaded, late]).finally(() => clearTimeout(timer));
    return new ChromiumPage(this.#cdp, session, requests);
  }

  async close(): Promise<void> {
    try {
      await this.#cdp.send('Browser.close', {}, undefined, 3_000);
    } catch {
      // Already gone, or not answering: the process group is ended below either way.
    }
    this.#cdp.close();
    await stop(this.#child, this.#exited);
    await rm(this.#profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
}

/** Chromium prints `DevTools listening on ws://…` on stderr once its debugging port is open. */
function devToolsUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error: Error | undefined, url?: string) => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining stderr, or a chatty browser blocks on a full pipe.
      child.stderr?.resume();
      if (error) reject(error);
      else resolve(url!);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) done(undefined, match[1]);
    };
    const onExit = (code: number | null) =>
      done(new Error(`chromium exited (code ${code}) before opening DevTools:\n${seen.slice(-2000)}`));
    const timer = setTimeout(
      () => done(new Error(`chromium did not open DevTools within ${timeoutMs} ms:\n${seen.slice(-2000)}`)),
      timeoutMs,
    );
    const onError = (error: Error) => done(new Error(`could not start chromium: ${error.message}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Waits briefly for the browser to leave, then ends its process group. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const gone = child.exitCode !== null || child.signalCode !== null;
  if (!gone) {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout' && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    }
  }
  // Helpers of a browser that did exit may linger for a moment; they belong to its group.
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is empty: nothing left to end.
    }
  }
}
