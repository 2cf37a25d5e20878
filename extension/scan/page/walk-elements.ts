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
  options: { readShadowRoot: ShadowRootReader; frames: boolean; clip: Rect },
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
      if (options.frames && (element.localName === 'iframe' || element.localName === 'frame')) {
        const inner = sameOriginFrame(element as HTMLIFrameElement, placement);
        if (inner) pending.push(inner);
      }
    }
  }
}

function sameOriginFrame(frame: HTMLIFrameElement, outer: Placement): { root: Document; placement: Placement } | null {
  let inner: Document | null = null;
  try {
    inner = frame.contentDocument;
  } catch {
    return null; // Cross-origin: out of reach; the full-frame decode of the capture still sees it.
  }
  if (!inner?.documentElement) return null;
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

function px(value: string | undefined): number {
  const n = Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : 0;
}
