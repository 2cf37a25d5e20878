/**
 * The extension's service worker in tests: stop it the way Chrome does when idle (CDP), find the worker that wakes up next, and bound every evaluate in time, since
 * Playwright's handle to a stopped worker hangs instead of failing.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops every service worker (CDP ServiceWorker.stopAllWorkers) and waits until Chrome
 * reports the extension's worker stopped. Playwright keeps the old Worker handle; do not use it.
 */
export async function stopServiceWorkers(context: BrowserContext, page: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  type Version = { scriptURL: string; runningStatus: string };
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  let requested = false;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: Version[] }) => {
    const ours = versions.filter((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`));
    if (requested && ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) stopped();
  });
  await cdp.send('ServiceWorker.enable');
  requested = true;
  await cdp.send('ServiceWorker.stopAllWorkers');
  try {
    await withTimeout(done, 10_000, 'stopping the service worker');
  } finally {
    await cdp.detach();
  }
}

/** The extension's live service worker: the one Playwright saw start most recently. */
export async function liveWorker(context: BrowserContext, extensionId: string, wake?: () => Promise<unknown>): Promise<Worker> {
  const find = () => context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)).at(-1);
  const waiting = context.waitForEvent('serviceworker', { timeout: 15_000 });
  await wake?.();
  const worker = find() ?? (await waiting);
  waiting.catch(() => undefined);
  return worker;
}

/** Runs `fn` in the worker with a time bound. */
export function inWorker<T, A>(worker: Worker, fn: (arg: A) => T | Promise<T>, arg: A, ms = 15_000): Promise<T> {
  // Playwright types `arg` through its Unboxed<A> mapping; for the plain JSON we pass, A is exactly that.
  const run = worker.evaluate(fn as (arg: unknown) => T | Promise<T>, arg as unknown);
  return withTimeout(run, ms, 'evaluate in the service worker');
}
