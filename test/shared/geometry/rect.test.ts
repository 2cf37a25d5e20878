import { describe, expect, it } from 'vitest';
import { containsRect, intersectRect, overlapArea } from '../../../shared/geometry/rect';

describe('rectangle helpers', () => {
  const a = { x: 0, y: 0, width: 100, height: 100 };
  it('containsRect allows half a pixel of rounding and no more', () => {
    expect(containsRect(a, { x: -0.4, y: 0, width: 100.8, height: 100 })).toBe(true);
    expect(containsRect(a, { x: 10, y: 10, width: 91, height: 10 })).toBe(false);
  });
  it('intersectRect and overlapArea agree', () => {
    const b = { x: 50, y: 80, width: 100, height: 100 };
    expect(intersectRect(a, b)).toEqual({ x: 50, y: 80, width: 50, height: 20 });
    expect(overlapArea(a, b)).toBe(1000);
    expect(overlapArea(a, { x: 200, y: 0, width: 10, height: 10 })).toBe(0);
  });
});
