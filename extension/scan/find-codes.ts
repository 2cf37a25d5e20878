/**
 * Reads the QR codes on one capture. jsQR finds at most one code per image, so a page with
 * several codes is read crop by crop, around each candidate element in view; the whole frame
 * is decoded only when no crop yields a code (it costs more, and finds the one code in a
 * cross-origin frame or a picture that is not an element of its own).
 */
import { decodeQr } from './decode-qr';
import { overlapArea, toCaptureRect, type Rect, type Viewport } from './crop-rect';
import type { Raster } from './rasterise-image';
import type { Candidate } from './page/collect-candidates';

/** At most this many crops per capture: a page of thumbnails must not stall the scan. */
export const MAX_CROPS = 16;

export type FoundText = { text: string; rect: Rect | null };

/**
 * The distinct texts found in `raster`, in candidate order. `tried` collects the candidate
 * ids decoded here, so a later capture (after scrolling) skips them.
 */
export function findCodes(
  raster: Raster,
  page: { viewport: Viewport; candidates: readonly Candidate[] },
  options: { fullFrame: boolean; tried?: Set<number> },
): FoundText[] {
  const found: FoundText[] = [];
  const seen = new Set<string>();
  const add = (text: string | null, rect: Rect | null) => {
    if (text === null || seen.has(text)) return;
    seen.add(text);
    found.push({ text, rect });
  };
  const size = { width: raster.width, height: raster.height };
  const crops: Rect[] = [];
  for (const candidate of page.candidates) {
    if (crops.length >= MAX_CROPS) break;
    if (!candidate.inView || options.tried?.has(candidate.id)) continue;
    options.tried?.add(candidate.id);
    const crop = toCaptureRect(candidate.rect, page.viewport, size);
    // Nested candidates (an img inside a background box) show the same pixels: decode once.
    if (!crop || crops.some((done) => overlapArea(done, crop) > 0.9 * Math.max(area(done), area(crop)))) continue;
    crops.push(crop);
    add(decodeQr(raster.pixels(crop)), candidate.rect);
  }
  if (found.length === 0 && options.fullFrame) add(decodeQr(raster.pixels()), null);
  return found;
}

const area = (r: Rect) => r.width * r.height;
