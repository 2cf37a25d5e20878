/**
 * Reads the QR codes on one capture. jsQR finds at most one code per image, so a page with
 * several codes is read crop by crop, around each candidate element in view; the whole frame
 * is decoded only when no crop yields a code (it costs more, and finds the one code in a
 * cross-origin frame or a picture that is not an element of its own).
 */
import { locateQr, type DecodedQr } from './decode-qr';
import { overlapArea, type Rect, type Viewport } from '../../shared/geometry/rect';
import { toCaptureRect, toCssRect } from './crop-rect';
import type { Raster } from './rasterise-image';
import type { Candidate } from '../messaging/scan-page-protocol';

/** At most this many crops per capture: a page of thumbnails must not stall the scan. */
export const MAX_CROPS = 16;
/**
 * The sizes a crop is decoded at, in turn, until one reads (longest side, in pixels). jsQR
 * reads sharp codes at any size, but misses blurred ones with big modules: a 225 px code at
 * 150% zoom on a 2x display (15 px modules, edges smoothed by the upscaling) failed at full
 * size and read once shrunk to 3/4. 480 px keeps a 57-module code with its margin at over
 * 5 px a module; a crop already smaller is decoded as it is, once.
 */
export const CROP_SIDES = [480, 800] as const;
/** The whole frame is decoded at most this large: a 1x capture as it is, a 2x one at 0.625. */
export const FRAME_MAX_SIDE = 1600;

/** The code in `crop` of `raster` (its box in capture pixels), trying the sizes of CROP_SIDES in turn. */
export function decodeCrop(raster: Raster, crop: Rect): DecodedQr | null {
  const side = Math.max(crop.width, crop.height);
  let tried = 0;
  for (const max of CROP_SIDES) {
    const size = Math.min(side, max);
    if (size === tried) continue;
    tried = size;
    const found = locateIn(raster, crop, max);
    if (found !== null) return found;
  }
  return null;
}

/** A code found on a capture: its text and where it is, in CSS pixels of the top frame's viewport. */
export type FoundText = { text: string; at: Rect };

/**
 * The distinct texts found in `raster`, in candidate order, each with where it lies on the
 * page (a code in a cross-origin frame must not be saved for the page around it). `tried`
 * collects the candidate ids decoded here, so a later capture (after scrolling) skips them.
 */
export function findCodes(
  raster: Raster,
  page: { viewport: Viewport; candidates: readonly Candidate[] },
  options: { fullFrame: boolean; tried?: Set<number> },
): FoundText[] {
  const found: FoundText[] = [];
  const size = { width: raster.width, height: raster.height };
  const add = (code: DecodedQr | null) => {
    if (code !== null && !found.some((f) => f.text === code.text)) found.push({ text: code.text, at: toCssRect(code.box, page.viewport, size) });
  };
  const crops: Rect[] = [];
  for (const candidate of page.candidates) {
    if (crops.length >= MAX_CROPS) break;
    if (!candidate.inView || options.tried?.has(candidate.id)) continue;
    options.tried?.add(candidate.id);
    const crop = toCaptureRect(candidate.rect, page.viewport, size);
    // Nested candidates (an img inside a background box) show the same pixels: decode once.
    if (!crop || crops.some((done) => overlapArea(done, crop) > 0.9 * Math.max(area(done), area(crop)))) continue;
    crops.push(crop);
    add(decodeCrop(raster, crop));
  }
  if (found.length === 0 && options.fullFrame) add(locateIn(raster, { x: 0, y: 0, width: raster.width, height: raster.height }, FRAME_MAX_SIDE));
  return found;
}

/** Decodes `rect` of `raster` read at most `maxSide` a side; the box comes back in capture pixels. */
function locateIn(raster: Raster, rect: Rect, maxSide: number): DecodedQr | null {
  const pixels = raster.pixels(rect, maxSide);
  const code = locateQr(pixels);
  if (!code) return null;
  const kx = rect.width / pixels.width;
  const ky = rect.height / pixels.height;
  const box = { x: rect.x + code.box.x * kx, y: rect.y + code.box.y * ky, width: code.box.width * kx, height: code.box.height * ky };
  return { text: code.text, box };
}

const area = (r: Rect) => r.width * r.height;
