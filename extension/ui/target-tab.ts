/**
 * The tab the popup acts on: `?tab=ID` when given (tests open popup.html as a page), else the
 * active tab of the popup's window. The background decides the site binding from the URL;
 * the popup only names the host (and stays small: no public suffix list here).
 */
import { browser } from 'wxt/browser';

export type TargetTab = {
  id: number;
  url: string | null;
  /** The host of an http(s) page; null for anything else (no site to bind to). */
  host: string | null;
};

export async function findTargetTab(search = location.search): Promise<TargetTab | null> {
  const param = new URLSearchParams(search).get('tab');
  try {
    const tab =
      param !== null && /^\d+$/.test(param)
        ? await browser.tabs.get(Number(param))
        : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    if (tab?.id === undefined) return null;
    const url = tab.url ?? null;
    return { id: tab.id, url, host: url ? webHost(url) : null };
  } catch {
    return null; // The tab is gone: the popup still works, without a page to act on.
  }
}

function webHost(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.hostname : null;
  } catch {
    return null;
  }
}
