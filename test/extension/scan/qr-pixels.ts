/**
 * Test helpers: QR codes as RGBA pixels, drawn with lean-qr (an encoder independent of the
 * jsQR decoder under test), and a page-sized canvas to place them on, standing in for the
 * rasterised screenshot that needs OffscreenCanvas in the real worker.
 */
import { generate } from 'lean-qr';
import type { Pixels } from '../../../extension/scan/decode-qr';
import type { Rect } from '../../../shared/geometry/rect';
import type { Raster } from '../../../extension/scan/rasterise-image';

export type Rgb = readonly [number, number, number];

/** A blank RGBA image filled with `background`. */
export function blank(width: number, height: number, background: Rgb = [255, 255, 255]): Pixels & { data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...background, 255], i);
  return { data, width, height };
}

/** Draws `text` as a QR code at (x, y) with `scale` pixels a module and a 4-module quiet zone. Returns its box. */
export function drawQr(
  image: Pixels & { data: Uint8ClampedArray },
  text: string,
  at: { x: number; y: number; scale: number },
  colours: { on: Rgb; off: Rgb } = { on: [0, 0, 0], off: [255, 255, 255] },
): Rect {
  const code = generate(text);
  const side = (code.size + 8) * at.scale;
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      const on = code.get(Math.floor(px / at.scale) - 4, Math.floor(py / at.scale) - 4);
      const x = at.x + px;
      const y = at.y + py;
      if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
      image.data.set([...(on ? colours.on : colours.off), 255], (y * image.width + x) * 4);
    }
  }
  return { x: at.x, y: at.y, width: side, height: side };
}

/** The module count of `text`'s QR code plus its quiet zone. */
export function qrModules(text: string): number {
  return generate(text).size + 8;
}

/** A Raster over plain pixels, with rasteriseImage's crop contract; records the crops asked for. */
export function rasterOf(image: Pixels): Raster & { crops: Rect[]; sizes: number[] } {
  const crops: Rect[] = [];
  const sizes: number[] = [];
  return {
    width: image.width,
    height: image.height,
    crops,
    sizes,
    pixels(rect = { x: 0, y: 0, width: image.width, height: image.height }, maxSide = Infinity) {
      crops.push(rect);
      sizes.push(Math.min(maxSide, Math.max(rect.width, rect.height)));
      // Shrinking (which the real raster does with smoothing) is by whole-pixel sampling here.
      const step = Math.max(1, Math.ceil(Math.max(rect.width, rect.height) / maxSide));
      if (step > 1) {
        const w = Math.floor(rect.width / step);
        const h = Math.floor(rect.height / step);
        const out = new Uint8ClampedArray(w * h * 4);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const from = ((rect.y + y * step) * image.width + rect.x + x * step) * 4;
            out.set(image.data.subarray(from, from + 4), (y * w + x) * 4);
          }
        }
        return { data: out, width: w, height: h };
      }
      const out = new Uint8ClampedArray(rect.width * rect.height * 4);
      for (let y = 0; y < rect.height; y++) {
        const from = ((rect.y + y) * image.width + rect.x) * 4;
        out.set(image.data.subarray(from, from + rect.width * 4), y * rect.width * 4);
      }
      return { data: out, width: rect.width, height: rect.height };
    },
    close() {},
  };
}
