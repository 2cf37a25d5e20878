/** findCodes: crops around candidates (several codes per capture), full-frame fallback, HiDPI. */
import { describe, expect, it } from 'vitest';
import { decodeCrop, findCodes, MAX_CROPS } from '../../../extension/scan/find-codes';
import type { Candidate } from '../../../extension/messaging/scan-page-protocol';
import { blank, drawQr, rasterOf } from './qr-pixels';

const A = 'otpauth://totp/Twin:a@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Twin';
const B = 'otpauth://totp/Twin:b@example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Twin';
const viewport = { width: 1000, height: 600, offsetX: 0, offsetY: 0 };
const candidate = (id: number, rect: Candidate['rect'], inView = true): Candidate => ({ id, kind: 'img', rect, inView, clear: true });

describe('findCodes', () => {
  it('finds two codes on one capture by decoding a crop around each candidate', () => {
    const page = blank(1000, 600);
    const a = drawQr(page, A, { x: 40, y: 40, scale: 4 });
    const b = drawQr(page, B, { x: 500, y: 200, scale: 4 });
    const raster = rasterOf(page);
    const found = findCodes(raster, { viewport, candidates: [candidate(0, a), candidate(1, b)] }, { fullFrame: true });
    expect(found.map((f) => f.text)).toEqual([A, B]);
    expect(raster.crops).toHaveLength(2); // no full-frame decode once a crop found something
  });

  it('maps CSS rectangles onto a 2x capture', () => {
    const page = blank(2000, 1200);
    const drawn = drawQr(page, A, { x: 600, y: 400, scale: 6 });
    const css = { x: drawn.x / 2, y: drawn.y / 2, width: drawn.width / 2, height: drawn.height / 2 };
    const raster = rasterOf(page);
    expect(findCodes(raster, { viewport, candidates: [candidate(0, css)] }, { fullFrame: false }).map((f) => f.text)).toEqual([A]);
    expect(raster.crops[0]!.x).toBeLessThan(drawn.x);
    expect(raster.crops[0]!.x + raster.crops[0]!.width).toBeGreaterThan(drawn.x + drawn.width);
  });

  it('reads a small code (2 px a module) from its crop', () => {
    const page = blank(1000, 600);
    const drawn = drawQr(page, A, { x: 300, y: 300, scale: 2 });
    const raster = rasterOf(page);
    expect(findCodes(raster, { viewport, candidates: [candidate(0, drawn)] }, { fullFrame: false }).map((f) => f.text)).toEqual([A]);
  });

  it('falls back to the whole frame when no candidate holds a code', () => {
    const page = blank(1000, 600);
    drawQr(page, A, { x: 700, y: 300, scale: 4 });
    const raster = rasterOf(page);
    const found = findCodes(raster, { viewport, candidates: [candidate(0, { x: 10, y: 10, width: 100, height: 100 })] }, { fullFrame: true });
    expect(found.map((f) => f.text)).toEqual([A]);
    expect(findCodes(rasterOf(page), { viewport, candidates: [] }, { fullFrame: false })).toEqual([]);
  });

  it('skips candidates out of view or already tried, and records what it tried', () => {
    const page = blank(1000, 600);
    const a = drawQr(page, A, { x: 40, y: 40, scale: 4 });
    const b = drawQr(page, B, { x: 500, y: 200, scale: 4 });
    const tried = new Set([0]);
    const found = findCodes(rasterOf(page), { viewport, candidates: [candidate(0, a), candidate(1, b), candidate(2, { x: 0, y: 700, width: 100, height: 100 }, false)] }, { fullFrame: false, tried });
    expect(found.map((f) => f.text)).toEqual([B]);
    expect([...tried].sort()).toEqual([0, 1]);
  });

  it('decodes nested candidates showing the same pixels once, and each text once', () => {
    const page = blank(1000, 600);
    const a = drawQr(page, A, { x: 40, y: 40, scale: 4 });
    const raster = rasterOf(page);
    const found = findCodes(raster, { viewport, candidates: [candidate(0, a), candidate(1, { ...a, x: a.x + 1 }), candidate(2, { ...a, x: a.x - 20, width: a.width + 40 })] }, { fullFrame: false });
    expect(found.map((f) => f.text)).toEqual([A]);
    expect(raster.crops).toHaveLength(2); // the 1 px shifted twin is skipped; the wider box is not the same crop
  });

  it('decodes a large crop shrunk to 480 px first, then at up to 800 px, and a small crop once as it is', () => {
    const empty = rasterOf(blank(1400, 1400));
    expect(decodeCrop(empty, { x: 0, y: 0, width: 1000, height: 1000 })).toBeNull();
    expect(empty.sizes).toEqual([480, 800]);
    const small = rasterOf(blank(1400, 1400));
    decodeCrop(small, { x: 0, y: 0, width: 300, height: 300 });
    expect(small.sizes).toEqual([300]);
    const page = blank(1400, 1400);
    const drawn = drawQr(page, A, { x: 30, y: 30, scale: 20 });
    const big = rasterOf(page);
    expect(decodeCrop(big, drawn)?.text).toBe(A);
    expect(big.sizes).toEqual([480]);
  });

  it('says where each code is, in the page\'s CSS pixels, from a crop and from the whole frame of a 2x capture', () => {
    const page = blank(2000, 1200);
    const a = drawQr(page, A, { x: 200, y: 100, scale: 8 });
    const b = drawQr(page, B, { x: 1200, y: 600, scale: 8 });
    const quiet = 4 * 8; // the drawn box includes a 4-module quiet zone; the code's corners do not
    const codeOf = (box: typeof a) => ({ x: (box.x + quiet) / 2, y: (box.y + quiet) / 2, side: (box.width - 2 * quiet) / 2 });
    const near = (at: { x: number; y: number; width: number; height: number }, want: ReturnType<typeof codeOf>) => {
      // jsQR's corners sit at the centres of the finder patterns' outer corners: within a module (4 css px).
      expect(Math.abs(at.x - want.x)).toBeLessThan(5);
      expect(Math.abs(at.y - want.y)).toBeLessThan(5);
      expect(Math.abs(at.width - want.side)).toBeLessThan(9);
      expect(Math.abs(at.height - want.side)).toBeLessThan(9);
    };
    const css = (r: typeof a) => ({ x: r.x / 2, y: r.y / 2, width: r.width / 2, height: r.height / 2 });
    const [fromCrop] = findCodes(rasterOf(page), { viewport, candidates: [candidate(0, css(a))] }, { fullFrame: false });
    near(fromCrop!.at, codeOf(a));
    const onlyB = blank(2000, 1200);
    drawQr(onlyB, B, { x: 1200, y: 600, scale: 8 });
    const [fromFrame] = findCodes(rasterOf(onlyB), { viewport, candidates: [] }, { fullFrame: true });
    expect(fromFrame!.text).toBe(B);
    near(fromFrame!.at, codeOf(b));
  });

  it(`stops after ${MAX_CROPS} crops`, () => {
    const raster = rasterOf(blank(1000, 600));
    const many = Array.from({ length: MAX_CROPS + 5 }, (_, i) => candidate(i, { x: (i % 10) * 100, y: Math.floor(i / 10) * 100, width: 60, height: 60 }));
    findCodes(raster, { viewport, candidates: many }, { fullFrame: false });
    expect(raster.crops).toHaveLength(MAX_CROPS);
  });
});
