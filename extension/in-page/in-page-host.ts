/**
 * The shell of everything the extension draws inside a web page: a host element with a
 * closed shadow root (page scripts cannot reach in), styles from a constructable stylesheet
 * (page CSS cannot restyle it, no <style> the page could read), and a host style the page
 * cannot easily override. Lives in the top layer the field lives in (an open modal dialog or
 * popover), else at the end of the document.
 */

export type InPageHost = {
  host: HTMLElement;
  root: ShadowRoot;
  remove(): void;
};

/** The tag of our hosts (a valid custom-element name, never defined: it only carries a shadow root). */
export const HOST_TAG = 'pfa-in-page';

const sheets = new WeakMap<Document, CSSStyleSheet>();

/** One stylesheet per document (constructable sheets belong to the document that made them). */
function sheetFor(doc: Document, css: string): CSSStyleSheet {
  let sheet = sheets.get(doc);
  if (!sheet) {
    const view = doc.defaultView ?? window;
    sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(doc, sheet);
  }
  return sheet;
}

const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  'z-index': '2147483647',
  display: 'block',
  margin: '0',
  padding: '0',
  border: '0',
  width: '0',
  height: '0',
  overflow: 'visible',
};

/** Creates a host next to `anchor` (inside its modal dialog or popover, if any). */
export function createInPageHost(anchor: Element, css: string): InPageHost {
  const doc = anchor.ownerDocument;
  const host = doc.createElement(HOST_TAG);
  for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: 'closed' });
  root.adoptedStyleSheets = [sheetFor(doc, css)];
  containerFor(anchor).append(host);
  return {
    host,
    root,
    remove: () => host.remove(),
  };
}

/**
 * Outside an open modal dialog everything is inert, so the host goes into the dialog (or
 * popover) that holds the field; otherwise after the body's content.
 */
function containerFor(anchor: Element): Element {
  for (let node: Element | null = anchor; node; ) {
    if (node.localName === 'dialog' && (node as HTMLDialogElement).open) return node;
    if (node.hasAttribute('popover')) return node;
    const parent: Node | null = node.parentNode;
    node = parent && parent.nodeType === 11 && 'host' in parent ? (parent as ShadowRoot).host : node.parentElement;
  }
  return anchor.ownerDocument.body ?? anchor.ownerDocument.documentElement;
}

/** Moves `host` so that (0,0) of its content sits at the viewport point (x, y). */
export function placeHost(host: HTMLElement, x: number, y: number): void {
  const left = `${Math.round(x)}px`;
  const top = `${Math.round(y)}px`;
  // Unchanged positions write nothing (no style mutation for observers to wake up for).
  if (host.style.getPropertyValue('left') !== left) host.style.setProperty('left', left, 'important');
  if (host.style.getPropertyValue('top') !== top) host.style.setProperty('top', top, 'important');
}
