/**
 * Clickjacking protection for the extension's in-page controls (the fill button and its
 * chooser, the scan's questions). `isTrusted` stops page scripts from clicking them, but not a
 * page that lays a `pointer-events: none` element over them (the user sees the page's bait and
 * clicks through to our button), nor one that moves our button under the cursor just before a
 * click. So an activation counts only when:
 *
 * - the control has been on screen, where it is, for ACTIVATION_DELAY_MS (it appeared or
 *   moved longer ago than a click the user aimed at something else), and
 * - where the browser has IntersectionObserver v2 (Chrome), the browser reports it actually
 *   visible: not covered, not faded, not filtered or distorted (`trackVisibility`).
 */

/** Activations this soon after the control appeared or moved are ignored. */
export const ACTIVATION_DELAY_MS = 500;
/** IntersectionObserver v2's smallest allowed delay between visibility reports. */
const VISIBILITY_DELAY_MS = 100;

export type ActivationGuard = {
  /** Whether a trusted activation may act now. */
  allows(): boolean;
  /** The control appeared again or moved: the delay starts over. */
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
    allows: () => visible && now() - shownAt >= ACTIVATION_DELAY_MS,
    moved() {
      shownAt = now();
    },
    disconnect() {
      observer?.disconnect();
    },
  };
}
