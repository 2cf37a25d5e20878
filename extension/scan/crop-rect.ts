/**
 * Crop math: page rectangles (CSS pixels, relative to the viewport the user sees) to
 * rectangles in the captured bitmap (device pixels). The ratio capture width / viewport width
 * covers devicePixelRatio, page zoom and a forced device scale factor at once, where
 * `devicePixelRatio` alone is wrong when the capture and the page disagree (seen here: a
 * forced scale factor of 2 captures at 2x while an emulated page may report 1).
 */

import type { Rect, Size, Viewport } from '../../shared/geometry/rect';

/** Capture pixels per CSS pixel, horizontally and vertically. */
export function captureScale(viewport: Viewport, capture: Size): { x: number; y: number } {
  const x = viewport.width > 0 ? capture.width / viewport.width : 1;
  const y = viewport.height > 0 ? capture.height / viewport.height : x;
  return { x, y };
}

/**
 * The capture-pixel rectangle showing `css`, grown by a margin (QR codes need a quiet zone
 * around them, and canvas or svg codes are often drawn without one), rounded outwards and
 * clamped to the capture. `null` when less than `minSide` capture pixels of it are visible.
 */
export function toCaptureRect(css: Rect, viewport: Viewport, capture: Size, options: { margin?: number; minSide?: number } = {}): Rect | null {
  const scale = captureScale(viewport, capture);
  const width = css.width * scale.x;
  const height = css.height * scale.y;
  const margin = options.margin ?? Math.max(8, 0.08 * Math.max(width, height));
  const left = Math.floor((css.x - viewport.offsetX) * scale.x - margin);
  const top = Math.floor((css.y - viewport.offsetY) * scale.y - margin);
  const right = Math.ceil((css.x - viewport.offsetX) * scale.x + width + margin);
  const bottom = Math.ceil((css.y - viewport.offsetY) * scale.y + height + margin);
  const x = Math.max(0, left);
  const y = Math.max(0, top);
  const clamped = { x, y, width: Math.min(capture.width, right) - x, height: Math.min(capture.height, bottom) - y };
  const minSide = options.minSide ?? 21;
  return clamped.width >= minSide && clamped.height >= minSide ? clamped : null;
}

/** The inverse of the mapping in `toCaptureRect` (no margin): capture pixels back to the page's CSS pixels. */
export function toCssRect(capture: Rect, viewport: Viewport, size: Size): Rect {
  const scale = captureScale(viewport, size);
  return { x: capture.x / scale.x + viewport.offsetX, y: capture.y / scale.y + viewport.offsetY, width: capture.width / scale.x, height: capture.height / scale.y };
}
