/**
 * A scan that waits for the user (which code? save anyway? drag a rectangle) keeps its state
 * in storage.session, one flow per tab: the service worker may be stopped while the user
 * thinks, and the answer from the page wakes a fresh one that picks the flow up here.
 * storage.session is memory-only and closed to content scripts, so the secrets held here
 * never reach the disk or the page.
 */
import { browser } from 'wxt/browser';
import type { OtpParams } from '../../shared/otp';
import type { SiteBinding } from '../../shared/site/site-of';
import type { IssuerMismatch } from './check-issuer-site';

/** A code found on the page, parsed once (its params hold the secret), and how it is shown to people. */
export type FoundCode = { params: OtpParams; label: string };

export type FlowStep =
  | { kind: 'choose'; codes: FoundCode[] }
  | { kind: 'confirm-issuer'; code: FoundCode; mismatch: IssuerMismatch }
  | { kind: 'select' };

export type ScanFlow = {
  id: string;
  tabId: number;
  windowId: number;
  /** The URL of the captured page, from the browser (never from the page). */
  pageUrl: string;
  /** Its origin and site (null: not a web page), computed once when the scan started. */
  page: SiteBinding | null;
  /** The page agent's document token at capture time. */
  token: string;
  startedAt: number;
  step: FlowStep;
};

/** A question unanswered for this long is dropped. */
export const FLOW_TTL_MS = 10 * 60 * 1000;

const FLOW_PREFIX = 'scan.flow.';
const keyOf = (tabId: number) => `${FLOW_PREFIX}${tabId}`;

export async function saveFlow(flow: ScanFlow): Promise<void> {
  await browser.storage.session.set({ [keyOf(flow.tabId)]: flow });
}

/** The tab's waiting flow, or `null` when there is none (or it expired). */
export async function loadFlow(tabId: number, now = Date.now()): Promise<ScanFlow | null> {
  const key = keyOf(tabId);
  const flow = (await browser.storage.session.get(key))[key] as ScanFlow | undefined;
  if (!flow) return null;
  if (now - flow.startedAt > FLOW_TTL_MS) {
    await clearFlow(tabId);
    return null;
  }
  return flow;
}

export async function clearFlow(tabId: number): Promise<void> {
  await browser.storage.session.remove(keyOf(tabId));
}

/** Drops every tab's waiting flow (the vault locked: the secrets they hold go with the key). */
export async function clearAllFlows(): Promise<void> {
  const keys = Object.keys(await browser.storage.session.get(null)).filter((key) => key.startsWith(FLOW_PREFIX));
  if (keys.length > 0) await browser.storage.session.remove(keys);
}
