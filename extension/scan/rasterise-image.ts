/**
 * Turns a captured screenshot (or an image file) into pixels jsQR can read, in the service
 * worker: fetch -> blob -> createImageBitmap -> OffscreenCanvas. The bitmap is
 * drawn once; crops are read from the same canvas. Large crops are shrunk: jsQR misses codes
 * whose modules are over about 20 pixels wide (a 600 px code on a 2x display at 150% zoom),
 * and fewer pixels decode faster. (Enlarging small crops was tried too: it made no code
 * readable that was not already, on 48 to 90 px codes, and cost jsQR time.)
 */
import type { Pixels } from './decode-qr';
import type { Rect } from '../../shared/geometry/rect';

export type Raster = {
  readonly width: number;
  readonly height: number;
  /** The pixels of `rect` (default: everything), shrunk to at most `maxSide` pixels a side. */
  pixels(rect?: Rect, maxSide?: number): Pixels;
  /** Frees the bitmap. */
  close(): void;
};

/**
 * Decodes `image` (a data: URL or a Blob). Each read draws just the part asked for from the
 * bitmap into a canvas of its own size: no full-size canvas for a page read crop by crop.
 */
export async function rasteriseImage(image: string | Blob): Promise<Raster> {
  const blob = typeof image === 'string' ? await (await fetch(image)).blob() : image;
  const bitmap = await createImageBitmap(blob);
  const { width, height } = bitmap;
  return {
    width,
    height,
    pixels(rect = { x: 0, y: 0, width, height }, maxSide = Infinity) {
      const k = Math.min(1, maxSide / Math.max(rect.width, rect.height));
      const w = Math.max(1, Math.round(rect.width * k));
      const h = Math.max(1, Math.round(rect.height * k));
      const context = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('This browser cannot read pixels in the background (no OffscreenCanvas 2D context).');
      // Transparent images (a pasted dark-mode QR) decode better on white than on black.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, w, h);
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height, 0, 0, w, h);
      return context.getImageData(0, 0, w, h);
    },
    close() {
      bitmap.close();
    },
  };
}
