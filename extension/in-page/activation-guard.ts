/**
 * Clickjacking protection for the extension's in-page controls (the fill button and its
 * chooser, the scan's questions). `isTrusted` stops page scripts from clicking them, but not a
 * page that lays a `pointer-events: none` element over them (the user sees the page's bait and
 * clicks through to our button), nor one that moves our button under the cursor just before a
 * click. So an activation counts only when:
 *
 * - the control has been on screen, where it is, for ACTIVATION_DELAY_MS (it appeared or
 *   moved longer ago than a click the user aimed at something else). "Where it is" is its
 *   on-screen box, compared with the last one seen on every pointer event in the window and
 *   on every activation: whatever moved it (our own placement, the page rewriting our host,
 *   moving or transforming what holds it, scrolling, zooming), the delay starts over; and
 * - where the browser has IntersectionObserver v2 (Chrome), the browser reports it actually
 *   visible: not covered, not faded, not filtered or distorted (`trackVisibility`).
 */

/** Activations this soon after the control appeared or moved are ignored. */
export const ACTIVATION_DELAY_MS = 500;
/** IntersectionObserver v2's smallest allowed delay between visibility reports. */
const VISIBILITY_DELAY_MS = 100;
/** Every pointer event anywhere in the window compares the control's box with the last one seen. */
const POINTER_EVENTS = ['pointerover', 'pointermove', 'pointerdown', 'pointerup', 'mousedown', 'click'] as const;
/** Sub-pixel layout noise is no move. */
const MOVE_TOLERANCE_PX = 0.5;

export type ActivationGuard = {
  /** Whether a trusted activation may act now. */
  allows(): boolean;
  /**
   * The control appeared again or moved (or was re-created, or its content changed): the delay
   * starts over from where it is now. Call it after the change, not before: the box measured
   * here is what later pointer events are compared with.
   */
  moved(): void;
  disconnect(): void;
};

type VisibilityEntry = { target: Element; isVisible?: boolean };
type VisibilityObserver = { observe(target: Element): void; disconnect(): void; readonly trackVisibility?: boolean };
type VisibilityObserverClass = new (callback: (entries: VisibilityEntry[]) => void, options: Record<string, unknown>) => VisibilityObserver;

/** Guards `target` (the control, or the box holding the controls), in its own window. */
export function guardActivation(target: Element, options: { now?: () => number } = {}): ActivationGuard {
  const now = options.now ?? (() => performance.now());
  let shownAt = now();
  let lastBox = target.getBoundingClientRect();
  /** Restarts the delay when the control's box is not where it was last seen. */
  const compare = () => {
    const box = target.getBoundingClientRect();
    if (sameBox(box, lastBox)) return;
    lastBox = box;
    shownAt = now();
  };
  const view = target.ownerDocument.defaultView;
  // Capturing on the window: the first to see each event. A page that stops an event before it
  // reaches us only delays the comparison to the activation itself, which compares again.
  for (const type of POINTER_EVENTS) view?.addEventListener(type, compare, { capture: true, passive: true });
  // Until the browser says it is visible, where the browser can say so.
  let visible = true;
  let observer: VisibilityObserver | null = null;
  const Observer = (target.ownerDocument.defaultView as unknown as { IntersectionObserver?: VisibilityObserverClass } | null)?.IntersectionObserver;
  if (typeof Observer === 'function') {
    const candidate = new Observer(
      (entries) => {
        for (const entry of entries) if (entry.target === target && typeof entry.isVisible === 'boolean') visible = entry.isVisible;
      },
      { trackVisibility: true, delay: VISIBILITY_DELAY_MS },
    );
    if (candidate.trackVisibility === true) {
      observer = candidate;
      visible = false;
      observer.observe(target);
    } else {
      candidate.disconnect(); // IntersectionObserver v1 only: the timing guard is what there is.
    }
  }
  return {
    allows() {
      compare();
      return visible && now() - shownAt >= ACTIVATION_DELAY_MS;
    },
    moved() {
      lastBox = target.getBoundingClientRect();
      shownAt = now();
    },
    disconnect() {
      observer?.disconnect();
      for (const type of POINTER_EVENTS) view?.removeEventListener(type, compare, { capture: true });
    },
  };
}

function sameBox(a: DOMRect, b: DOMRect): boolean {
  return (
    Math.abs(a.x - b.x) <= MOVE_TOLERANCE_PX &&
    Math.abs(a.y - b.y) <= MOVE_TOLERANCE_PX &&
    Math.abs(a.width - b.width) <= MOVE_TOLERANCE_PX &&
    Math.abs(a.height - b.height) <= MOVE_TOLERANCE_PX
  );
}
