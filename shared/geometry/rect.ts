/**
 * Rectangles and viewports in CSS pixels, as the scan's page agent reports them and the worker
 * crops captures with them, and the set operations both sides use. Pure: no DOM.
 */

export type Rect = { x: number; y: number; width: number; height: number };

/** The part of the page the capture shows, in CSS pixels of the page's layout. */
export type Viewport = {
  width: number;
  height: number;
  /** Where the visible area starts inside the layout viewport (pinch zoom); usually 0. */
  offsetX: number;
  offsetY: number;
};

export type Size = { width: number; height: number };

/** Whether `inner` lies wholly inside `outer` (half a pixel of rounding allowed). */
export function containsRect(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

/** The rectangle two rectangles share (zero-sized when they do not meet). */
export function intersectRect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

/** The area two rectangles share (0 when they do not meet). */
export function overlapArea(a: Rect, b: Rect): number {
  const shared = intersectRect(a, b);
  return shared.width * shared.height;
}
