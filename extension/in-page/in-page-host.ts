/**
 * The shell of everything the extension draws inside a web page: a host element with a
 * closed shadow root (page scripts cannot reach in), styles from a constructable stylesheet
 * (page CSS cannot restyle it, no <style> the page could read), and a host style the page
 * cannot easily override. Lives in the top layer the field lives in (an open modal dialog or
 * popover), else at the end of the document.
 *
 * The host element itself is in the page's DOM, so the page can still rewrite its attributes
 * (move it with an inline `left`, `translate`, `zoom`...) or move it elsewhere in the DOM. Its
 * attributes and its place are watched: any change we did not make is reported through
 * `onTampered`, and the owner re-creates its control in a fresh host instead of trusting this one.
 */

export type InPageHost = {
  host: HTMLElement;
  root: ShadowRoot;
  /** Moves the host so that (0,0) of its content sits at the viewport point (x, y). */
  place(x: number, y: number): void;
  /** Sets one of the host's own style properties (ours: not taken for the page's doing). */
  setStyle(property: string, value: string): void;
  remove(): void;
};

export type InPageHostOptions = {
  /**
   * The page changed the host's attributes or moved it in the DOM. Called once; the host is
   * no longer watched and should be replaced (and its controls' activation delay restarted).
   */
  onTampered?: () => void;
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
export function createInPageHost(anchor: Element, css: string, options: InPageHostOptions = {}): InPageHost {
  const doc = anchor.ownerDocument;
  const host = doc.createElement(HOST_TAG);
  for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: 'closed' });
  root.adoptedStyleSheets = [sheetFor(doc, css)];
  const container = containerFor(anchor);
  container.append(host);
  // What the host looks like after our own last write: anything else is the page's doing.
  let ours = host.getAttribute('style');
  const view = doc.defaultView;
  /** Tampered with or removed by us: no longer watched, never written again. */
  let retired = false;
  let removed = false;
  /** The host is as we left it: where we put it, with only the style we wrote. */
  const intact = () => host.parentNode === container && host.attributes.length === 1 && host.getAttribute('style') === ours;
  const report = () => {
    if (retired) return;
    retired = true;
    watcher?.disconnect();
    // Never from inside one of our own writes (the owner replaces this host, which re-enters
    // place()), and not for a host its owner removed meanwhile.
    queueMicrotask(() => {
      if (!removed) options.onTampered!();
    });
  };
  const watcher = options.onTampered && view ? new view.MutationObserver((records) => {
    const takenOut = records.some((r) => r.type === 'childList' && Array.from(r.removedNodes).includes(host));
    if (takenOut || !intact()) report();
  }) : null;
  watcher?.observe(host, { attributes: true });
  watcher?.observe(container, { childList: true });

  const setStyle = (property: string, value: string) => {
    if (retired) return;
    // The page may have written in the same task, before its mutation record reached us: that
    // change must not become part of what we count as ours.
    if (watcher && !intact()) return report();
    if (host.style.getPropertyValue(property) !== value) host.style.setProperty(property, value, 'important');
    ours = host.getAttribute('style');
  };
  /**
   * Where we last put the host, in its own `left`/`top` px. Kept here, not read back from the
   * style: `all: initial` leaves `left` and `top` at 'initial' (no number) until we write them.
   */
  let at: { left: number; top: number } | null = null;
  const moveTo = (left: number, top: number) => {
    at = { left, top };
    setStyle('left', `${left}px`);
    setStyle('top', `${top}px`);
    return at;
  };
  return {
    host,
    root,
    setStyle,
    place(x, y) {
      const from = at ?? moveTo(Math.round(x), Math.round(y));
      // A container with a transform (a translated popover, say) is where `fixed` starts from:
      // place by where the host really is, so it sits on its field all the same. Unchanged
      // positions write nothing (no style mutation for observers to wake up for).
      const box = host.getBoundingClientRect();
      // No box at all (a hidden ancestor, or no layout yet) says nothing about the offset.
      const laidOut = host.getClientRects().length > 0 && (box.x !== 0 || box.y !== 0 || box.width !== 0 || box.height !== 0);
      const offsetX = laidOut ? box.x - from.left : 0;
      const offsetY = laidOut ? box.y - from.top : 0;
      moveTo(Math.round(x - offsetX), Math.round(y - offsetY));
    },
    remove() {
      retired = true;
      removed = true;
      watcher?.disconnect();
      host.remove();
    },
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
