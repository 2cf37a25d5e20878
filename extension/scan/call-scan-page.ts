/**
 * Calls the page agent (page/scan-page-agent.ts) in a tab's top frame, injecting it first
 * when the document does not have it yet. Runs in the background.
 */
import { browser } from 'wxt/browser';
import { AGENT_KEY, type ScanPageAgent } from '../messaging/scan-page-protocol';
import { ScanError } from './scan-error';

/** The built agent script (extension/entrypoints/scan-page.ts). */
export const AGENT_SCRIPT = '/scan-page.js';

type Reply = { missing: true } | { value: unknown } | { error: string };

export async function callScanPage<M extends keyof ScanPageAgent>(
  tabId: number,
  method: M,
  ...args: Parameters<ScanPageAgent[M]>
): Promise<Awaited<ReturnType<ScanPageAgent[M]>>> {
  let reply = await run(tabId, method, args);
  if ('missing' in reply) {
    await inject(tabId);
    reply = await run(tabId, method, args);
  }
  if ('error' in reply) throw new Error(`The page could not ${method}: ${reply.error}`);
  if ('missing' in reply) throw new ScanError('cannot_scan_page', 'The extension could not run on this page.');
  return reply.value as Awaited<ReturnType<ScanPageAgent[M]>>;
}

async function run(tabId: number, method: string, args: unknown[]): Promise<Reply> {
  try {
    const [frame] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: invokeAgent, args: [AGENT_KEY, method, args] });
    return (frame?.result as Reply | undefined) ?? { missing: true };
  } catch (error) {
    throw cannotScan(error);
  }
}

async function inject(tabId: number): Promise<void> {
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [AGENT_SCRIPT] });
  } catch (error) {
    throw cannotScan(error);
  }
}

function cannotScan(error: unknown): ScanError {
  const reason = String((error as Error)?.message ?? error);
  return new ScanError('cannot_scan_page', `The browser does not let extensions read this page (${reason}). Open the page that shows the QR code and try again.`, {
    cause: error,
  });
}

/** Runs in the page: serialised by executeScript, so it must not refer to anything outside itself. */
function invokeAgent(key: string, method: string, args: unknown[]): Reply | Promise<Reply> {
  const agent = (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => unknown> | undefined>)[key];
  if (!agent) return { missing: true };
  const failed = (error: unknown): Reply => ({ error: String((error as Error)?.message ?? error) });
  try {
    return Promise.resolve(agent[method]!(...args)).then((value) => ({ value: value ?? null }), failed);
  } catch (error) {
    return failed(error);
  }
}
