/**
 * The frames of another origin in a tab, as the browser knows them: a script runs in every
 * frame of the tab and reports the origin of the document it landed in and the origins of its
 * ancestors (`location.ancestorOrigins`, filled in by the browser). Nothing here comes from
 * the page's markup. Runs in the background.
 */
import { browser } from 'wxt/browser';

/** The outermost frames of another origin: those whose parent documents are the top page's origin. */
export type BrowserFrames = {
  /** How many there are (frames nested inside them are theirs, not counted). */
  count: number;
  /** Their distinct origins ("null" for opaque ones), to name them to the user. */
  origins: string[];
};

type FrameFacts = { origin: string; ancestors: string[] | null; top: boolean };

/** Lists the tab's outermost foreign frames. Frames the browser lets no extension into are not seen. */
export async function listForeignFrames(tabId: number): Promise<BrowserFrames> {
  const results = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: frameFacts });
  const facts = results.map((r) => r.result as FrameFacts | undefined).filter((f): f is FrameFacts => !!f && typeof f.origin === 'string');
  const top = facts.find((f) => f.top)?.origin;
  if (top === undefined) return { count: 0, origins: [] };
  const outermost = facts.filter((f) => !f.top && f.origin !== top && f.ancestors !== null && f.ancestors.every((a) => a === top));
  return { count: outermost.length, origins: [...new Set(outermost.map((f) => f.origin))] };
}

/** Runs in each frame (serialised by executeScript: refers to nothing outside itself). */
function frameFacts(): FrameFacts {
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  // Firefox has no ancestorOrigins: a direct child of the top page is the best it can tell.
  const list = ancestors ? Array.from(ancestors) : window.parent === window.top ? [] : null;
  return { origin: self.origin, ancestors: window === window.top ? [] : list, top: window === window.top };
}
