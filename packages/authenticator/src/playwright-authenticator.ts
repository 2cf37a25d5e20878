/**
 * The automation surface (`globalThis.authenticator` in the extension's service worker) as
 * a test engineer calls it from Node: a Playwright `Page` wherever the surface takes a tab
 * id, each call a `serviceWorker.evaluate`, each rejection an `AuthenticatorError` whose
 * message is the surface's `[code] message`.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';
import type { Authenticator, FillResult, ScanResult } from '../../../shared/protocol/automation.js';
import { createTabFinder } from './find-page-tab.js';

/** The surface's calls that take no tab: the same here (and a call the surface gains must be added below). */
type TablessCalls = Pick<Authenticator, Exclude<keyof Authenticator, 'scan' | 'fill'>>;

/** The automation surface, page by page. */
export interface PlaywrightAuthenticator extends TablessCalls {
  /** The extension's id (the host of its `chrome-extension://` pages). */
  readonly extensionId: string;
  /**
   * Captures the page (made the active tab first), saves the authenticator QR code it shows,
   * bound to the page's site, and fills the enrolment's confirmation code into the page.
   * Rejects (`[no_qr_found] ...`) when the page shows no code.
   */
  scan(page: Page): Promise<ScanResult>;
  /**
   * Fills the code of the account bound to the page's site into the page's code field, by the
   * same rules as the extension's fill button: `{ filled: false }` on any other site.
   */
  fill(page: Page): Promise<FillResult>;
}

type Surface = Authenticator;
type Method = keyof Surface;
type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/**
 * The Playwright authenticator of a browser context whose extension worker is `worker`.
 * A worker Chrome restarts (after it stopped one) is picked up from the context's list.
 */
export function createPlaywrightAuthenticator(context: BrowserContext, worker: Worker): PlaywrightAuthenticator {
  const extensionId = new URL(worker.url()).host;
  const live = liveWorker(context, worker, extensionId);
  const tabOf = createTabFinder(live, extensionId);

  const call = async <T>(method: Method, ...args: unknown[]): Promise<T> => {
    const outcome = await (await live()).evaluate(invoke, { method, args });
    if (!outcome.ok) throw new AuthenticatorError(outcome.code, outcome.message);
    return outcome.value as T;
  };

  return {
    extensionId,
    scan: async (page) => call('scan', await tabOf(page)),
    fill: async (page) => call('fill', await tabOf(page)),
    accounts: () => call('accounts'),
    add: (uri, pageUrl) => call('add', uri, pageUrl),
    code: (id, timestampMs) => (timestampMs === undefined ? call('code', id) : call('code', id, timestampMs)),
    nextCode: (id) => call('nextCode', id),
    remove: (id) => call('remove', id),
    lock: () => call('lock'),
    unlock: (passphrase) => call('unlock', passphrase),
    setPassphrase: (current, next) => call('setPassphrase', current, next),
    settings: (patch) => (patch === undefined ? call('settings') : call('settings', patch)),
    reset: () => call('reset'),
    sync: ((action: string, ...rest: unknown[]) => call('sync', action, ...rest)) as Authenticator['sync'],
  };
}

/**
 * Runs in the service worker: one surface call, its failure returned as data (code and
 * message) rather than thrown, so nothing depends on how Playwright words a rejection.
 */
async function invoke({ method, args }: { method: Method; args: unknown[] }): Promise<Outcome> {
  const surface = (globalThis as { authenticator?: Record<string, (...a: unknown[]) => Promise<unknown>> }).authenticator;
  if (!surface) return { ok: false, code: 'not_ready', message: 'The extension\'s service worker has no automation surface (globalThis.authenticator).' };
  try {
    return { ok: true, value: await surface[method]!(...args) };
  } catch (error) {
    const e = error as { code?: unknown; reason?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'internal';
    const message = typeof e.reason === 'string' ? e.reason : String(e.message ?? error);
    return { ok: false, code, message };
  }
}

/**
 * How long a running worker may take to answer a ping before it counts as stopped. Generous:
 * Chrome does not stop an idle worker that Playwright is attached to, so a stopped one is rare,
 * while waking a live one on a busy machine would open and close a tab in the test's browser.
 */
const PING_MS = 10_000;
/** How long a stopped worker may take to start again once woken. */
const WAKE_MS = 15_000;

/**
 * The extension's running worker. Chrome stops an idle worker; Playwright keeps the old
 * handle, and an `evaluate` on it hangs. So each call first pings the worker it knows; one
 * that does not answer is woken (opening the extension's popup sends it a message) and the
 * worker Chrome starts, which Playwright reports as a new one, is used from then on.
 */
function liveWorker(context: BrowserContext, first: Worker, extensionId: string): () => Promise<Worker> {
  let current = first;
  context.on('serviceworker', (w) => {
    if (w.url().startsWith(`chrome-extension://${extensionId}/`)) current = w;
  });
  const answers = (w: Worker) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PING_MS)));
    const ping = w.evaluate(() => true).then(
      () => true,
      () => false,
    );
    return Promise.race([ping, late]).finally(() => clearTimeout(timer));
  };
  return async () => {
    if (await answers(current)) return current;
    const wake = await context.newPage();
    try {
      await wake.goto(`chrome-extension://${extensionId}/popup.html`).catch(() => undefined);
      const deadline = Date.now() + WAKE_MS;
      while (Date.now() < deadline) {
        if (await answers(current)) return current;
      }
    } finally {
      await wake.close().catch(() => undefined);
    }
    throw new AuthenticatorError('worker_stopped', 'The extension\'s service worker stopped and did not start again within 15 s.');
  };
}
