/**
 * Walks a document and every shadow root inside it, open or closed, in document order:
 * code fields often live inside web components (the widget's own <two-factor-challenge>
 * among them). Frames are not entered: the content script runs in each same-origin frame
 * itself (see fill/page/frame-gate.ts).
 */

import { HOST_TAG } from './in-page-host';

/** Returns an element's shadow root, open or closed, or null. */
export type ShadowRootReader = (element: Element) => ShadowRoot | null;

type ChromeDom = { dom?: { openOrClosedShadowRoot?(element: HTMLElement): ShadowRoot | null } };

/**
 * The best reader this context has: Chrome's `chrome.dom.openOrClosedShadowRoot` (content
 * scripts only), Firefox's `element.openOrClosedShadowRoot`, else open roots only.
 */
export function defaultShadowRootReader(): ShadowRootReader {
  const chromeDom = (globalThis as { chrome?: ChromeDom }).chrome?.dom;
  const open = chromeDom?.openOrClosedShadowRoot?.bind(chromeDom);
  return (element) => {
    // Both APIs throw on SVG and other non-HTML elements, which cannot host a shadow root anyway.
    if (!isHtmlElement(element)) return null;
    if (element.shadowRoot) return element.shadowRoot;
    if (open) {
      try {
        return open(element) ?? null;
      } catch {
        return null;
      }
    }
    const firefox = (element as HTMLElement & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    return firefox ?? null;
  };
}

/** `instanceof HTMLElement` that also works for nodes from another frame or window. */
export function isHtmlElement(node: Node): node is HTMLElement {
  const view = node.ownerDocument?.defaultView;
  return view ? node instanceof view.HTMLElement : node instanceof HTMLElement;
}

export type WalkResult = {
  /** Every <input> in document order, shadow content placed where its host is. */
  inputs: HTMLInputElement[];
  /** Every shadow root met on the way (to observe for later changes). */
  shadowRoots: ShadowRoot[];
};

/** Collects the inputs and shadow roots under `root`. One pass over the elements. */
export function walkRoots(root: Document | ShadowRoot | Element, readShadowRoot: ShadowRootReader): WalkResult {
  const result: WalkResult = { inputs: [], shadowRoots: [] };
  walk(root, readShadowRoot, result);
  return result;
}

function walk(root: ParentNode, readShadowRoot: ShadowRootReader, result: WalkResult): void {
  const elements = root.querySelectorAll('*');
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    if (element.localName === 'input') result.inputs.push(element as HTMLInputElement);
    if (element.localName === HOST_TAG) continue; // our own button: nothing to find in there
    const shadow = readShadowRoot(element);
    if (shadow) {
      result.shadowRoots.push(shadow);
      walk(shadow, readShadowRoot, result);
    }
  }
}

/** The parent of a node in the composed tree: through a shadow root to its host. */
export function composedParent(node: Node): Element | null {
  if (node.parentElement) return node.parentElement;
  const parent = node.parentNode;
  if (parent && parent.nodeType === 11 /* DOCUMENT_FRAGMENT_NODE */ && 'host' in parent) return (parent as ShadowRoot).host;
  return null;
}
