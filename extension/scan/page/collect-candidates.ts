/**
 * Runs in the page (the extension's isolated world): lists the elements that may show a QR
 * code and where they are on screen: img, canvas, svg and CSS background images in the light
 * DOM, open and closed shadow roots and same-origin frames. Frames of another origin (the
 * browser decides which: walk-elements.ts) are out of reach here; their boxes are listed, so
 * that a code the capture shows inside one is refused (it belongs to the framed site, not to
 * this page). The list has a size limit, never a silent one: the report says how many frames
 * there are, and the background then trusts only candidates no foreign frame touches.
 */
import { containsRect, overlapArea, type Rect, type Viewport } from '../../../shared/geometry/rect';
import { isHtmlElement, type ShadowRootReader } from '../../in-page/dom-roots';
import type { Candidate, CandidateKind, ForeignFrame, ForeignFrames } from '../../messaging/scan-page-protocol';
import { walkElements } from './walk-elements';

/** At most this many foreign frames are listed; beyond, `count` says the list is incomplete. */
export const MAX_FOREIGN_FRAMES = 64;

export type CollectOptions = {
  /** Open and closed shadow roots (in-page/dom-roots.ts's defaultShadowRootReader in the page). */
  readShadowRoot: ShadowRootReader;
  /** Elements never listed: the extension's own in-page UI. */
  skip?: (element: Element) => boolean;
  /** At most this many candidates, the most QR-like first. */
  limit?: number;
};

/** The smallest side, in CSS pixels, of anything worth decoding. */
export const MIN_CANDIDATE_SIDE = 24;
export const MAX_CANDIDATES = 24;

/** The part of the top frame the user sees, in its CSS pixels (pinch zoom included). */
export function viewportOf(win: Window): Viewport {
  const vv = win.visualViewport;
  if (vv && vv.scale !== 1) return { width: vv.width, height: vv.height, offsetX: vv.offsetLeft, offsetY: vv.offsetTop };
  return { width: win.innerWidth, height: win.innerHeight, offsetX: 0, offsetY: 0 };
}

/**
 * Lists QR candidates in `doc` and everything reachable from it, most QR-like first. Returns
 * the elements too (index = candidate id), so the page can scroll one into view later.
 */
export function collectCandidates(
  doc: Document,
  options: CollectOptions,
): { viewport: Viewport; candidates: Candidate[]; elements: Element[]; foreignFrames: ForeignFrames } {
  const viewport = doc.defaultView ? viewportOf(doc.defaultView) : { width: 0, height: 0, offsetX: 0, offsetY: 0 };
  const view: Rect = { x: viewport.offsetX, y: viewport.offsetY, width: viewport.width, height: viewport.height };
  const found: Array<{ element: Element; kind: CandidateKind; rect: Rect; inView: boolean; score: number }> = [];
  const foreignBoxes: Rect[] = [];
  let foreignCount = 0;
  const onForeignFrame = (_frame: HTMLElement, rect: Rect) => {
    foreignCount++;
    if (rect.width > 0 && rect.height > 0) foreignBoxes.push(rect);
  };
  walkElements(doc, { readShadowRoot: options.readShadowRoot, frames: true, clip: view, onForeignFrame }, (element, placement) => {
    if (options.skip?.(element)) return;
    const kind = kindOf(element);
    if (!kind) return;
    const box = element.getBoundingClientRect();
    const rect = { x: box.x + placement.dx, y: box.y + placement.dy, width: box.width, height: box.height };
    if (!isWorthDecoding(element, rect)) return;
    const inView = containsRect(placement.clip, rect) && containsRect(view, rect);
    found.push({ element, kind, rect, inView, score: qrLikeness(kind, rect) });
  });
  found.sort((a, b) => b.score - a.score);
  const kept = found.slice(0, options.limit ?? MAX_CANDIDATES);
  return {
    viewport,
    candidates: kept.map((c, id) => ({ id, kind: c.kind, rect: c.rect, inView: c.inView, clear: foreignBoxes.every((box) => overlapArea(box, c.rect) === 0) })),
    elements: kept.map((c) => c.element),
    foreignFrames: { shown: foreignBoxes.slice(0, MAX_FOREIGN_FRAMES).map((rect) => ({ rect })), count: foreignCount },
  };
}

/** The frames of other origins in `doc` (and its same-origin frames). */
export function collectForeignFrames(doc: Document, options: Pick<CollectOptions, 'readShadowRoot'>): ForeignFrames {
  return collectCandidates(doc, { ...options, limit: 0 }).foreignFrames;
}

function kindOf(element: Element): CandidateKind | null {
  if (element.namespaceURI === 'http://www.w3.org/2000/svg') {
    // Only outermost <svg> elements: an inner <svg> is part of the outer picture.
    return element.localName === 'svg' && !(element as SVGSVGElement).ownerSVGElement ? 'svg' : null;
  }
  if (!isHtmlElement(element)) return null;
  switch (element.localName) {
    case 'img':
      return 'img';
    case 'canvas':
      return 'canvas';
    case 'input':
      return (element as HTMLInputElement).type === 'image' ? 'img' : null;
    default:
      return hasBackgroundImage(element) ? 'background' : null;
  }
}

function hasBackgroundImage(element: Element): boolean {
  const image = element.ownerDocument.defaultView?.getComputedStyle(element).backgroundImage ?? 'none';
  return image !== 'none' && /url\(|image-set\(/.test(image);
}

function isWorthDecoding(element: Element, rect: Rect): boolean {
  if (rect.width < MIN_CANDIDATE_SIDE || rect.height < MIN_CANDIDATE_SIDE) return false;
  const ratio = rect.width / rect.height;
  if (ratio > 4 || ratio < 0.25) return false;
  const check = (element as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  return check ? check.call(element, { opacityProperty: true, visibilityProperty: true }) : true;
}

/** Square, medium-sized pictures first: that is what an enrolment QR code looks like. */
function qrLikeness(kind: CandidateKind, rect: Rect): number {
  const side = Math.min(rect.width, rect.height);
  const squareness = side / Math.max(rect.width, rect.height);
  const size = side < 64 ? side / 64 : side > 640 ? 640 / side : 1;
  return squareness * squareness * size * (kind === 'background' ? 0.8 : 1);
}
