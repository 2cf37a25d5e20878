/**
 * "Visible" as a person would say it: rendered, not hidden by CSS anywhere up the composed
 * tree, with a box of some size that is not parked off the page. Honeypot and template
 * inputs stay empty.
 */
import { composedParent } from '../../in-page/dom-roots';

export type VisibilityOptions = {
  /**
   * Check the layout box too (size, off-page position). On by default; off only where no
   * layout engine exists (unit tests in happy-dom).
   */
  layout?: boolean;
};

export function isVisible(element: HTMLElement, options: VisibilityOptions = {}): boolean {
  const layout = options.layout ?? true;
  if (layout && typeof element.checkVisibility === 'function') {
    if (!element.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) return false;
  } else if (!styleVisible(element)) return false;
  if (!layout) return true;
  const box = element.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return false;
  const view = element.ownerDocument.defaultView;
  const scrollX = view?.scrollX ?? 0;
  const scrollY = view?.scrollY ?? 0;
  // Parked left of or above the page (the classic `left: -9999px`): nobody can scroll there.
  return box.right + scrollX > 0 && box.bottom + scrollY > 0;
}

function styleVisible(element: HTMLElement): boolean {
  const view = element.ownerDocument.defaultView;
  if (!view) return false;
  const own = view.getComputedStyle(element);
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return false;
  for (let node: Element | null = element; node; node = composedParent(node)) {
    if ((node as HTMLElement).hidden) return false;
    if (view.getComputedStyle(node).display === 'none') return false;
  }
  return true;
}
