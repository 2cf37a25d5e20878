/**
 * Turns a captured screenshot (or an image file) into pixels jsQR can read, in the service
 * worker: fetch -> blob -> createImageBitmap -> OffscreenCanvas (PLATFORM.md). The bitmap is
 * drawn once; crops are read from the same canvas. (Enlarging small crops was tried: it made
 * no code readable that was not already, on 48 to 90 px codes, and cost jsQR time.)
 */
import type { Pixels } from './decode-qr';
import type { Rect } from './crop-rect';

export type Raster = {
  readonly width: number;
  readonly height: number;
  /** The pixels of `rect` (default: everything). */
  pixels(rect?: Rect): Pixels;
  /** Frees the bitmap. */
  close(): void;
};

/** Decodes `image` (a data: URL or a Blob), shrinking it to at most `maxSide` pixels per side. */
export async function rasteriseImage(image: string | Blob, options: { maxSide?: number } = {}): Promise<Raster> {
  const blob = typeof image === 'string' ? await (await fetch(image)).blob() : image;
  let bitmap = await createImageBitmap(blob);
  const maxSide = options.maxSide ?? Infinity;
  if (Math.max(bitmap.width, bitmap.height) > maxSide) {
    const k = maxSide / Math.max(bitmap.width, bitmap.height);
    const smaller = await createImageBitmap(bitmap, { resizeWidth: Math.round(bitmap.width * k), resizeHeight: Math.round(bitmap.height * k), resizeQuality: 'high' });
    bitmap.close();
    bitmap = smaller;
  }
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot read pixels in the background (no OffscreenCanvas 2D context).');
  // Transparent screenshots of dark-mode images decode better on white than on black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0);
  return {
    width,
    height,
    pixels(rect = { x: 0, y: 0, width, height }) {
      return context.getImageData(rect.x, rect.y, rect.width, rect.height);
    },
    close() {
      bitmap.close();
    },
  };
}
