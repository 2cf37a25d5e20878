/**
 * A QR code drawn inside a frame of another origin belongs to that site: saving it bound to
 * the page around the frame would let that page be filled with the framed site's codes. The
 * page agent lists such frames (page/collect-candidates.ts); a code found inside one ends the
 * scan with nothing saved.
 */
import type { Rect } from './crop-rect';
import type { ForeignFrame } from './page/collect-candidates';
import { ScanError } from './scan-error';

/** Throws `[cross_origin_frame]` when any code of `found` lies (by its centre) inside one of `frames`. */
export function checkFrameOrigin(found: ReadonlyArray<{ at: Rect }>, frames: readonly ForeignFrame[]): void {
  for (const { at } of found) {
    const x = at.x + at.width / 2;
    const y = at.y + at.height / 2;
    const frame = frames.find(({ rect }) => x >= rect.x && x <= rect.x + rect.width && y >= rect.y && y <= rect.y + rect.height);
    if (frame) throw crossOriginFrame(frame.origin);
  }
}

function crossOriginFrame(origin: string | null): ScanError {
  const host = origin === null ? null : new URL(origin).host;
  return new ScanError(
    'cross_origin_frame',
    `This QR code is inside a frame from another site${host ? ` (${host})` : ''}; open that site directly to scan it. Nothing was saved.`,
  );
}
