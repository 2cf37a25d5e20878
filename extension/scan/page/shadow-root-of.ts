/**
 * An element's shadow root, open or closed, as far as the browser lets an extension see it:
 * `chrome.dom.openOrClosedShadowRoot` in Chrome content scripts, `openOrClosedShadowRoot` on
 * the element in Firefox, else the open one.
 */
type WithClosedRoot = HTMLElement & { openOrClosedShadowRoot?: ShadowRoot | null };

export function shadowRootOf(element: HTMLElement): ShadowRoot | null {
  const dom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(e: HTMLElement): ShadowRoot | null } } }).chrome?.dom;
  if (dom?.openOrClosedShadowRoot) return dom.openOrClosedShadowRoot(element) ?? null;
  return (element as WithClosedRoot).openOrClosedShadowRoot ?? element.shadowRoot;
}
