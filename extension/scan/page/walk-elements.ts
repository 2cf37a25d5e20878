/**
 * Visits every element of a document the way a user sees it: the light DOM, open and closed
 * shadow roots, and (optionally) same-origin frames, with each frame's offset and visible box
 * in the top frame's viewport coordinates. Used to find QR candidates and open modal dialogs.
 */
import { isHtmlElement, type ShadowRootReader } from '../../fill/dom-roots';
import { intersectRect, type Rect } from '../crop-rect';

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
    /** With `frames`: each frame whose document is out of reach (another origin), with its visible box. */
    onForeignFrame?: (frame: HTMLElement, visible: Rect) => void;
  },
  visit: (element: Element, placement: Placement) => void,
): void {
  const pending: Array<{ root: Document | ShadowRoot; placement: Placement }> = [{ root: doc, placement: { dx: 0, dy: 0, clip: options.clip } }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { root, placement } = item;
    const owner = root.ownerDocument ?? (root as Document);
    const walker = owner.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node as Element;
      visit(element, placement);
      if (!isHtmlElement(element)) continue;
      const shadow = options.readShadowRoot(element);
      if (shadow) pending.push({ root: shadow, placement });
      if (options.frames && FRAME_ELEMENTS.has(element.localName)) {
        const inner = frameContent(element, placement);
        if (inner === 'foreign') options.onForeignFrame?.(element, visibleBox(element, placement));
        else if (inner) pending.push(inner);
      }
    }
  }
}

/** Elements that show another document. */
const FRAME_ELEMENTS = new Set(['iframe', 'frame', 'object', 'embed', 'fencedframe']);

/**
 * The document of a same-origin frame and where it sits; `'foreign'` for a frame of another
 * origin (or a sandboxed one): out of reach, but what it shows is in the capture.
 */
function frameContent(element: HTMLElement, outer: Placement): { root: Document; placement: Placement } | 'foreign' | null {
  // A fenced frame never shares its document; an <embed> exposes none, so its address decides.
  if (element.localName === 'fencedframe') return 'foreign';
  if (element.localName === 'embed') return sameOrigin(element, 'src') ? null : 'foreign';
  return sameOriginFrame(element as HTMLIFrameElement, outer);
}

function sameOrigin(element: HTMLElement, attribute: string): boolean {
  const value = element.getAttribute(attribute);
  if (value === null || value === '') return true;
  try {
    return new URL(value, element.ownerDocument.baseURI).origin === element.ownerDocument.defaultView?.location.origin;
  } catch {
    return true; // An address that does not parse loads nothing.
  }
}

function sameOriginFrame(frame: HTMLIFrameElement, outer: Placement): { root: Document; placement: Placement } | 'foreign' | null {
  let inner: Document | null = null;
  try {
    inner = frame.contentDocument;
  } catch {
    return 'foreign';
  }
  if (inner === null) return frame.contentWindow ? 'foreign' : null;
  if (!inner.documentElement) return null;
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
  return { root: inner, placement: { dx, dy, clip: intersectRect(outer.clip, content) } };
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
