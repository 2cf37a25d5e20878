/** Crop math: CSS rectangles to capture pixels across device scale, zoom and pinch zoom. */
import { describe, expect, it } from 'vitest';
import { captureScale, toCaptureRect } from '../../../extension/scan/crop-rect';

const viewport = (width: number, height: number, offsetX = 0, offsetY = 0) => ({ width, height, offsetX, offsetY });

describe('captureScale', () => {
  it.each([
    ['1x display', viewport(1280, 720), { width: 1280, height: 720 }, 1],
    ['2x display (forced device scale factor)', viewport(1280, 720), { width: 2560, height: 1440 }, 2],
    ['page zoom 150% at 1x: fewer CSS pixels in the same capture', viewport(853.33, 480), { width: 1280, height: 720 }, 1.5],
    ['page zoom 50% at 2x', viewport(2560, 1440), { width: 2560, height: 1440 }, 1],
  ])('%s', (_, vp, capture, expected) => {
    const scale = captureScale(vp, capture);
    expect(scale.x).toBeCloseTo(expected, 2);
    expect(scale.y).toBeCloseTo(expected, 2);
  });

  it('falls back to 1 when the page reports no viewport', () => {
    expect(captureScale(viewport(0, 0), { width: 800, height: 600 })).toEqual({ x: 1, y: 1 });
  });
});

describe('toCaptureRect', () => {
  const rect = { x: 100, y: 50, width: 200, height: 200 };

  it('maps 1:1 with the margin asked for', () => {
    expect(toCaptureRect(rect, viewport(1280, 720), { width: 1280, height: 720 }, { margin: 10 })).toEqual({ x: 90, y: 40, width: 220, height: 220 });
  });

  it('doubles everything on a 2x capture, margin included by default (8% of the side)', () => {
    const crop = toCaptureRect(rect, viewport(1280, 720), { width: 2560, height: 1440 })!;
    expect(crop).toEqual({ x: 200 - 32, y: 100 - 32, width: 400 + 64, height: 400 + 64 });
  });

  it('follows page zoom: a CSS rect at 150% zoom lands at 1.5x in the capture', () => {
    const crop = toCaptureRect(rect, viewport(1280 / 1.5, 720 / 1.5), { width: 1280, height: 720 }, { margin: 0 })!;
    expect(crop).toEqual({ x: 150, y: 75, width: 300, height: 300 });
  });

  it('subtracts the pinch-zoom offset of the visible area', () => {
    const crop = toCaptureRect(rect, viewport(640, 360, 50, 25), { width: 1280, height: 720 }, { margin: 0 })!;
    expect(crop).toEqual({ x: 100, y: 50, width: 400, height: 400 });
  });

  it('clamps to the capture and rounds outwards', () => {
    const crop = toCaptureRect({ x: 1200.4, y: -20.6, width: 100, height: 100 }, viewport(1280, 720), { width: 1280, height: 720 }, { margin: 0 })!;
    expect(crop).toEqual({ x: 1200, y: 0, width: 80, height: 80 });
  });

  it('gives null when too little is visible to hold a code', () => {
    expect(toCaptureRect({ x: 1270, y: 10, width: 100, height: 100 }, viewport(1280, 720), { width: 1280, height: 720 }, { margin: 0 })).toBeNull();
    expect(toCaptureRect({ x: 10, y: 900, width: 100, height: 100 }, viewport(1280, 720), { width: 1280, height: 720 })).toBeNull();
  });
});
