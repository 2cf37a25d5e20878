/**
 * `attachAuthenticator(context)`: the automation surface of a browser context that already
 * has the extension loaded (launched by `launchAuthenticator`, or by your own
 * `chromium.launchPersistentContext` with `extensionPath`).
 */
import type { BrowserContext, Worker } from 'playwright-core';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';
import { notLoadedMessage } from './find-chromium.js';
import { createPlaywrightAuthenticator, type PlaywrightAuthenticator } from './playwright-authenticator.js';

/** How long a started browser may take to start the extension's service worker. */
const WORKER_TIMEOUT_MS = 15_000;

/** Waits for the extension's service worker and its automation surface, then wraps it. */
export async function attachAuthenticator(context: BrowserContext, launched: { executablePath?: string } = {}): Promise<PlaywrightAuthenticator> {
  return createPlaywrightAuthenticator(context, await extensionWorker(context, launched.executablePath ?? 'the browser you launched'));
}

async function extensionWorker(context: BrowserContext, executablePath: string): Promise<Worker> {
  const ours = (w: Worker) => w.url().startsWith('chrome-extension://') && w.url().endsWith('/background.js');
  let worker: Worker;
  try {
    worker = context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout: WORKER_TIMEOUT_MS }));
  } catch (cause) {
    throw new AuthenticatorError('extension_not_loaded', notLoadedMessage(executablePath), { cause });
  }
  const deadline = Date.now() + WORKER_TIMEOUT_MS;
  while (!(await worker.evaluate(() => typeof (globalThis as { authenticator?: unknown }).authenticator === 'object'))) {
    if (Date.now() > deadline) throw new AuthenticatorError('not_ready', 'The extension\'s service worker started but never defined its automation surface.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return worker;
}
