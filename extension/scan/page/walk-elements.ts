/**
 * Visits every element of a document the way a user sees it: the light DOM, open and closed
 * shadow roots, and (optionally) same-origin frames, with each frame's offset and visible box
 * in the top frame's viewport coordinates. Used to find QR candidates and open modal dialogs.
 */
import { isHtmlElement, type ShadowRootReader } from '../../in-page/dom-roots';
import { intersectRect, type Rect } from '../../../shared/geometry/rect';

/** Where the elements being visited sit: their frame's offset and visible box, top-frame CSS px. */
export type Placement = { dx: number; dy: number; clip: Rect };

/**
 * Calls `visit` for each element reachable from `doc`, depth first inside each root. Shadow
 * roots and frames are visited after the root that holds them.
 */
export function walkElements(
  doc: Document,
  options: {
    readShadowRoot: ShadowRootReader;
    frames: boolean;
    clip: Rect;
    /**
     * With `frames`: each frame whose document is out of reach (another origin, as the browser
     * decides), with its visible box (empty when it is not on screen). Every one, no cap.
     */
    onForeignFrame?: (frame: HTMLElement, visible: Rect) => void;
  },
  visit: (element: Element, placement: Placement) => void,
): void {
  const pending: Array<{ root: Document | ShadowRoot; placement: Placement }> = [{ root: doc, placement: { dx: 0, dy: 0, clip: options.clip } }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { root, placement } = item;
    const owner = root.ownerDocument ?? (root as Document);
    const walker = owner.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
    let readable: Map<Element, Document> | null = null;
    const readableHere = () => (readable ??= readableFrames(owner));
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node as Element;
      visit(element, placement);
      if (!isHtmlElement(element)) continue;
      const shadow = options.readShadowRoot(element);
      if (shadow) pending.push({ root: shadow, placement });
      if (options.frames && FRAME_ELEMENTS.has(element.localName)) {
        const inner = frameContent(element, placement, readableHere);
        if (inner === 'foreign') options.onForeignFrame?.(element, visibleBox(element, placement));
        else if (inner) pending.push(inner);
      }
    }
  }
}

/** Elements that show another document. */
const FRAME_ELEMENTS = new Set(['iframe', 'frame', 'object', 'embed', 'fencedframe']);

/**
 * The documents of `doc`'s frames that this script may read, by their frame element: the only
 * way to reach the document of an <embed>, which has no `contentDocument`. The browser
 * decides, not an attribute: a child window is readable only while it shows a document of
 * this origin (reading its `frameElement` throws otherwise), whatever the element's `src`
 * said and wherever that document navigated since. (For the other frame elements
 * `contentDocument` is the same rule.)
 */
function readableFrames(doc: Document): Map<Element, Document> {
  const readable = new Map<Element, Document>();
  const win = doc.defaultView;
  if (!win) return readable;
  for (let i = 0; i < win.frames.length; i++) {
    try {
      const child = win.frames[i]!;
      const element = child.frameElement;
      if (element && child.document?.documentElement) readable.set(element, child.document);
    } catch {
      // Another origin (or an opaque one): out of reach, and so foreign.
    }
  }
  return readable;
}

/**
 * The document of a same-origin frame and where it sits; `'foreign'` for a frame whose
 * document is out of reach (another origin, a sandboxed or fenced frame, an <embed> of a
 * plugin): what it shows is in the capture but not this page's; null for an element that
 * shows no document at all (an <object> drawing an image, a frame not attached yet).
 */
function frameContent(element: HTMLElement, outer: Placement, readable: () => Map<Element, Document>): { root: Document; placement: Placement } | 'foreign' | null {
  let inner: Document | null | undefined;
  if (element.localName === 'fencedframe') return 'foreign'; // never shares its document
  if (element.localName === 'embed') {
    // No contentDocument on an <embed>, and no saying whether it holds a document: out of reach means foreign.
    inner = readable().get(element);
    if (!inner) return 'foreign';
  } else {
    const frame = element as HTMLIFrameElement;
    try {
      inner = frame.contentDocument; // null while the frame shows another origin's document
    } catch {
      return 'foreign';
    }
    if (!inner) return frame.contentWindow ? 'foreign' : null;
  }
  if (!inner.documentElement) return null;
  return { root: inner, placement: innerPlacement(element, outer) };
}

function innerPlacement(frame: HTMLElement, outer: Placement): Placement {
  const box = frame.getBoundingClientRect();
  const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
  const padLeft = px(style?.paddingLeft);
  const padTop = px(style?.paddingTop);
  const dx = box.x + outer.dx + frame.clientLeft + padLeft;
  const dy = box.y + outer.dy + frame.clientTop + padTop;
  const content = {
    x: dx,
    y: dy,
    width: frame.clientWidth - padLeft - px(style?.paddingRight),
    height: frame.clientHeight - padTop - px(style?.paddingBottom),
  };
  return { dx, dy, clip: intersectRect(outer.clip, content) };
}

/** The part of `element`'s border box that is visible through its frame, in top-frame CSS px. */
function visibleBox(element: Element, placement: Placement): Rect {
  const box = element.getBoundingClientRect();
  return intersectRect(placement.clip, { x: box.x + placement.dx, y: box.y + placement.dy, width: box.width, height: box.height });
}

function px(value: string | undefined): number {
  const n = Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : 0;
}
