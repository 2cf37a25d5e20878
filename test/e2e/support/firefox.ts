/**
 * Drives headless Firefox ESR with the built Firefox extension:
 * puppeteer-core over WebDriver BiDi for pages and `installExtension`, and Firefox's remote
 * debugging protocol (what about:debugging speaks) for the extension's background page,
 * which BiDi cannot reach. One browser per test file: a start costs 4-10 s on two cores.
 */
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { withTimeout } from './extension-worker';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/firefox-mv3');
const GECKO_ID = 'authenticator@phone-free-authenticator.dev';
/** A fixed internal UUID, so extension pages have a known address (moz-extension://UUID/). */
const EXTENSION_UUID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** The Firefox to drive: `FIREFOX_PATH`, else Debian's firefox-esr, else a clear error. */
export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter((p): p is string => typeof p === 'string' && p !== '');
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('No Firefox found for the Firefox end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`) or point FIREFOX_PATH at a Firefox binary (142 or later).');
  }
  return found;
}

export type FirefoxLaunchOptions = {
  /** Host names Firefox resolves to 127.0.0.1 (each its own site), e.g. `['bank.test', 'bank-login.test']`. */
  hosts?: readonly string[];
  /** Extra preferences, e.g. `{ 'extensions.background.idle.timeout': 5000 }`. */
  prefs?: Record<string, string | number | boolean>;
};

export type FirefoxWithExtension = {
  browser: Browser;
  /** `moz-extension://UUID/`: prefix of the extension's pages. */
  baseUrl: string;
  background: BackgroundPage;
  /** A new tab (BiDi page), 1280x720. */
  newPage(): Promise<Page>;
  /**
   * Opens an extension page (`popup.html?tab=3`) in a new, selected tab. BiDi refuses to
   * navigate to moz-extension: addresses, so the browser window opens it; this alone does not
   * wake the event page (the page's own messages do, as the toolbar popup's would). Resolves
   * once the page has loaded and been sized 360x600 (sized after its load: see inside).
   */
  openExtensionPage(path: string): Promise<Page>;
  /** The id of the tab showing `url` (as the extension's tabs API numbers it). */
  tabIdOf(url: string): Promise<number>;
  close(): Promise<void>;
};

/** Launches headless Firefox, installs the built extension as a temporary add-on, attaches to its background page. */
export async function launchFirefoxWithExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxWithExtension> {
  if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`The Firefox extension is not built at ${FIREFOX_EXTENSION_DIR}; run \`npm run build:firefox\` first.`);
  }
  const port = await freePort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    defaultViewport: { width: 1280, height: 720 },
    args: ['--start-debugger-server', String(port)],
    extraPrefsFirefox: {
      'devtools.debugger.remote-enabled': true,
      'devtools.chrome.enabled': true,
      'devtools.debugger.prompt-connection': false,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // Plain http to the fixture hosts, no HTTPS-first upgrade or DNS over HTTPS.
      'dom.security.https_first': false,
      'network.trr.mode': 5,
      ...(options.hosts?.length ? { 'network.dns.localDomains': options.hosts.join(',') } : {}),
      ...options.prefs,
    },
  });
  try {
    const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (id !== GECKO_ID) throw new Error(`Installed add-on ${id}, expected ${GECKO_ID}`);
    const background = new BackgroundPage(port, GECKO_ID);
    await background.evaluate(() => typeof globalThis.authenticator === 'object');
    return {
      browser,
      baseUrl: `moz-extension://${EXTENSION_UUID}/`,
      background,
      async newPage() {
        const page = await browser.newPage();
        await page.setViewport({ width: 1280, height: 720 });
        return page;
      },
      async openExtensionPage(path) {
        const url = `moz-extension://${EXTENSION_UUID}/${path}`;
        const before = new Set(await browser.pages());
        await background.openTab(url);
        const page = await poll(async () => (await browser.pages()).find((p) => !before.has(p)), 10_000, `opening ${path}`);
        // The new tab starts on about:blank, and its navigation to the extension page moves it into
        // the extension's process, which replaces the tab's browsing context: a viewport set
        // before then can reach the discarded one (Firefox answers "browser is null"). So size
        // the page once it has loaded: it navigates no further. (BiDi does not report the
        // extension page's navigation: page.url() stays about:blank, so ask the page itself.)
        await page.waitForFunction((u: string) => location.href === u && document.readyState === 'complete', {}, url);
        await page.setViewport({ width: 360, height: 600 });
        return page;
      },
      async tabIdOf(url) {
        // Not query({url}): Firefox's match patterns cannot name a port.
        const id = await background.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
        if (id === null) throw new Error(`No tab shows ${url}`);
        return id;
      },
      async close() {
        background.detach();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw new Error('Firefox started but the extension or its background page did not come up.', { cause: error });
  }
}

export type BackgroundStatus = 'RUNNING' | 'STOPPED';

/**
 * The extension's background (event) page through the remote debugging protocol. It
 * connects on first use; `detach()` lets the page idle (an attached watcher keeps it alive).
 */
export class BackgroundPage {
  private client: RemoteDebugClient | null = null;
  private consoleActor: string | null = null;
  private parentConsole: string | null = null;
  private targetActor: string | null = null;
  private watching = false;

  constructor(
    private readonly port: number,
    private readonly addonId: string,
  ) {}

  /**
   * Runs `fn(arg)` in the background page and returns its JSON result. A throw or rejection
   * there becomes an Error here with the same message. A stopped event page is woken first,
   * as any message to it would.
   */
  async evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A, timeoutMs = 15_000): Promise<Awaited<T>> {
    const text = `(async () => { try { const value = await (${fn.toString()})(${JSON.stringify(arg ?? null)}); return JSON.stringify({ value: value === undefined ? null : value }); } catch (error) { return JSON.stringify({ error: String(error && error.message || error) }); } })()`;
    const run = async (): Promise<Awaited<T>> => {
      const client = await this.connect();
      const consoleActor = await this.attach(client);
      const reply = await client.evaluate(consoleActor, text);
      const raw = typeof reply === 'object' && reply !== null && (reply as { type?: string }).type === 'longString' ? await client.longString(reply as LongString) : reply;
      if (typeof raw !== 'string') throw new Error(`The background page answered ${JSON.stringify(raw)}`);
      const parsed = JSON.parse(raw) as { value?: Awaited<T>; error?: string };
      if (parsed.error !== undefined) throw new Error(parsed.error);
      return parsed.value as Awaited<T>;
    };
    return withTimeout(run(), timeoutMs, 'evaluate in the Firefox background page');
  }

  /** Starts a stopped event page (what Firefox does when a message or event arrives for it). */
  async wake(): Promise<void> {
    await this.inBrowserWindow(`WebExtensionPolicy.getByID(${JSON.stringify(this.addonId)}).extension.wakeupBackground()`);
    await this.waitForStatus('RUNNING', 10_000);
  }

  /** Opens `url` in a new selected tab of the browser window (the parent process, privileged). */
  async openTab(url: string): Promise<void> {
    await this.inBrowserWindow(`gBrowser.selectedTab = gBrowser.addTrustedTab(${JSON.stringify(url)})`);
  }

  /** RUNNING or STOPPED, as about:debugging shows it; asking does not wake the page. */
  async status(): Promise<BackgroundStatus> {
    return (await this.descriptor()).backgroundScriptStatus as BackgroundStatus;
  }

  /** Stops the event page the way an idle timeout does (about:debugging's "Terminate background script"). */
  async terminate(): Promise<void> {
    const descriptor = await this.descriptor();
    this.consoleActor = null;
    this.targetActor = null;
    await this.client!.request(descriptor.actor, 'terminateBackgroundScript');
    await this.waitForStatus('STOPPED', 10_000);
  }

  async waitForStatus(status: BackgroundStatus, timeoutMs: number): Promise<void> {
    await poll(async () => ((await this.status()) === status ? true : undefined), timeoutMs, `the background page becoming ${status}`);
  }

  /** Closes the debugging connection, so the event page may idle and be stopped. */
  detach(): void {
    this.client?.close();
    this.client = null;
    this.forget();
  }

  private forget(): void {
    this.consoleActor = null;
    this.targetActor = null;
    this.parentConsole = null;
    this.watching = false;
  }

  private async connect(): Promise<RemoteDebugClient> {
    if (this.client && !this.client.closed) return this.client;
    const client = await RemoteDebugClient.connect(this.port);
    this.client = client;
    this.forget();
    client.onEvent((p) => {
      const target = p.target as { actor?: string; url?: string; consoleActor?: string } | undefined;
      if (p.type === 'target-available-form' && target?.url?.endsWith('_generated_background_page.html')) {
        this.targetActor = target.actor ?? null;
        this.consoleActor = target.consoleActor ?? null;
      }
      if (p.type === 'target-destroyed-form' && target?.actor === this.targetActor) {
        this.targetActor = null;
        this.consoleActor = null;
      }
    });
    return client;
  }

  /** Evaluates `expression` (awaited) in the browser window, with chrome privileges. */
  private async inBrowserWindow(expression: string): Promise<void> {
    const client = await this.connect();
    if (!this.parentConsole) {
      const { processDescriptor } = (await client.request('root', 'getProcess', { id: 0 })) as unknown as { processDescriptor: { actor: string } };
      const { process } = (await client.request(processDescriptor.actor, 'getTarget')) as unknown as { process: { consoleActor: string } };
      this.parentConsole = process.consoleActor;
    }
    await client.evaluate(this.parentConsole, `(async () => { await (${expression}); return null; })()`);
  }

  private async descriptor(): Promise<AddonForm> {
    const client = await this.connect();
    const { addons } = (await client.request('root', 'listAddons')) as unknown as { addons: AddonForm[] };
    const addon = addons.find((a) => a.id === this.addonId);
    if (!addon) throw new Error(`Add-on ${this.addonId} is not installed`);
    return addon;
  }

  /**
   * The console actor of the running background page. The add-on's watcher announces each
   * background page as it starts (and its end), on this connection, for as long as it lives.
   */
  private async attach(client: RemoteDebugClient): Promise<string> {
    if (this.consoleActor) return this.consoleActor;
    if ((await this.status()) === 'STOPPED') await this.wake();
    if (!this.watching) {
      const addon = await this.descriptor();
      const watcher = (await client.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true })) as unknown as { actor: string };
      await client.request(watcher.actor, 'watchTargets', { targetType: 'frame' });
      this.watching = true;
    }
    return poll(async () => this.consoleActor ?? undefined, 10_000, 'the background page target appearing');
  }
}

type AddonForm = { actor: string; id: string; backgroundScriptStatus?: string };
type LongString = { type: 'longString'; actor: string; length: number };
type Packet = Record<string, unknown> & { from: string; type?: string; error?: string; message?: string };

/**
 * A minimal client for Firefox's remote debugging protocol: packets are `<length>:<json>`
 * over TCP; a packet with a `type` is an event, any other is the reply to the oldest open
 * request to that actor (each actor answers in order).
 */
class RemoteDebugClient {
  closed = false;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, Array<{ resolve: (p: Packet) => void; reject: (e: Error) => void }>>();
  private readonly listeners = new Set<(p: Packet) => void>();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => this.fail(new Error('The remote debugging connection closed')));
    socket.on('error', (error) => this.fail(error));
  }

  /** Connects, retrying while Firefox is still opening its debugger server. */
  static async connect(port: number, timeoutMs = 15_000): Promise<RemoteDebugClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolveSocket, reject) => {
          const s = new Socket();
          s.once('error', reject);
          s.connect(port, '127.0.0.1', () => {
            s.off('error', reject);
            resolveSocket(s);
          });
        });
        const client = new RemoteDebugClient(socket);
        await client.expectReply('root'); // the greeting
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`No Firefox debugger server on port ${port}`, { cause: error });
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  request(to: string, type: string, args: Record<string, unknown> = {}): Promise<Packet> {
    const reply = this.expectReply(to);
    this.socket.write(frame({ to, type, ...args }));
    return reply;
  }

  /** evaluateJSAsync answers twice: a reply with a resultID, then an event with the result. */
  async evaluate(consoleActor: string, text: string): Promise<unknown> {
    const results = new Map<string, Packet>();
    let wanted: string | null = null;
    let done!: (p: Packet) => void;
    const result = new Promise<Packet>((r) => (done = r));
    const listener = (p: Packet) => {
      if (p.from !== consoleActor || p.type !== 'evaluationResult') return;
      results.set(String(p.resultID), p);
      if (wanted !== null && results.has(wanted)) done(results.get(wanted)!);
    };
    this.listeners.add(listener);
    try {
      const reply = await this.request(consoleActor, 'evaluateJSAsync', { text, mapped: { await: true } });
      wanted = String(reply.resultID);
      if (results.has(wanted)) done(results.get(wanted)!);
      const packet = await result;
      if (packet.topLevelAwaitRejected) throw new Error('The evaluation rejected');
      if (packet.exceptionMessage) throw new Error(String(packet.exceptionMessage));
      return packet.result;
    } finally {
      this.listeners.delete(listener);
    }
  }

  async longString(value: LongString): Promise<string> {
    const reply = await this.request(value.actor, 'substring', { start: 0, end: value.length });
    return String(reply.substring);
  }

  /** Calls `listener` with every event (a packet with a `type`) on this connection. */
  onEvent(listener: (p: Packet) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private expectReply(from: string): Promise<Packet> {
    return new Promise((resolveReply, reject) => {
      const queue = this.pending.get(from) ?? [];
      queue.push({ resolve: resolveReply, reject });
      this.pending.set(from, queue);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as Packet;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: Packet): void {
    if (packet.type === undefined || packet.error !== undefined) {
      const waiter = this.pending.get(packet.from)?.shift();
      if (waiter) {
        if (packet.error !== undefined) waiter.reject(new Error(`${packet.from}: ${packet.error}: ${packet.message ?? ''}`));
        else waiter.resolve(packet);
        return;
      }
    }
    for (const listener of [...this.listeners]) listener(packet);
  }

  private fail(error: Error): void {
    this.closed = true;
    for (const queue of this.pending.values()) for (const waiter of queue.splice(0)) waiter.reject(error);
  }
}

function frame(packet: object): Buffer {
  const body = Buffer.from(JSON.stringify(packet), 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function poll<T>(find: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not finish within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
