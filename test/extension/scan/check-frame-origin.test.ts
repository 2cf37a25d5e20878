/**
 * checkFrameOrigin: a code whose centre lies in a frame of another origin ends the scan. The
 * frames come from the page agent's listing (which the browser's same-origin rule decides) and
 * the browser's own count; when the listing is incomplete only codes in clear pictures of the
 * page itself pass.
 */
import { describe, expect, it } from 'vitest';
import { checkFrameOrigin, type FrameEvidence } from '../../../extension/scan/check-frame-origin';
import { ScanError } from '../../../extension/scan/scan-error';

const frame = { rect: { x: 100, y: 100, width: 400, height: 300 } };
const inFrame = { at: { x: 150, y: 150, width: 120, height: 120 } };
const outside = { at: { x: 520, y: 100, width: 120, height: 120 } };
const picture = { rect: { x: 510, y: 90, width: 140, height: 140 }, clear: true };

/** One foreign frame, listed by the page and counted by the browser (origin bank.example:8443). */
const evidence = (over: Partial<FrameEvidence> = {}): FrameEvidence => ({
  page: { shown: [frame], count: 1 },
  browser: { count: 1, origins: ['https://bank.example:8443'] },
  candidates: [picture],
  ...over,
});

function errorOf(run: () => void): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return null;
}

describe('checkFrameOrigin', () => {
  it('refuses a code inside a foreign frame, naming the one other origin the browser saw', () => {
    const error = errorOf(() => checkFrameOrigin([inFrame], evidence()));
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).message).toBe(
      '[cross_origin_frame] This QR code is inside a frame from another site (bank.example:8443); open that site directly to scan it. Nothing was saved.',
    );
  });

  it('says "another site" when the browser saw several other origins, or an opaque one', () => {
    const several = { count: 2, origins: ['https://a.example', 'https://b.example'] };
    expect(() => checkFrameOrigin([inFrame], evidence({ browser: several }))).toThrow(/^\[cross_origin_frame\] This QR code is inside a frame from another site; open that site/);
    expect(() => checkFrameOrigin([inFrame], evidence({ browser: { count: 1, origins: ['null'] } }))).toThrow(/from another site; open/);
  });

  it('lets codes outside every foreign frame through, also one a frame merely overlaps', () => {
    expect(() => checkFrameOrigin([outside], evidence())).not.toThrow();
    expect(() => checkFrameOrigin([{ at: { x: 0, y: 0, width: 150, height: 150 } }], evidence({ candidates: [] }))).not.toThrow(); // centre (75, 75) is outside
    const none = { page: { shown: [], count: 0 }, browser: { count: 0, origins: [] }, candidates: [] };
    expect(() => checkFrameOrigin([inFrame], none)).not.toThrow();
  });

  it('refuses the whole scan when any one of several codes is framed', () => {
    expect(() => checkFrameOrigin([outside, inFrame], evidence())).toThrow(/^\[cross_origin_frame\]/);
  });

  describe('an incomplete listing (no silent cap)', () => {
    const tooMany = evidence({ page: { shown: [frame], count: 300 }, browser: { count: 300, origins: ['https://ads.example'] } });

    it('more frames than the page listed: a code in a clear picture of the page still passes', () => {
      expect(() => checkFrameOrigin([outside], tooMany)).not.toThrow();
    });

    it('more frames than the page listed: a code outside every picture is refused (an unlisted frame may show it)', () => {
      expect(() => checkFrameOrigin([{ at: { x: 800, y: 400, width: 100, height: 100 } }], tooMany)).toThrow(/^\[cross_origin_frame\]/);
    });

    it('a picture a foreign frame overlaps is no evidence', () => {
      expect(() => checkFrameOrigin([outside], { ...tooMany, candidates: [{ ...picture, clear: false }] })).toThrow(/^\[cross_origin_frame\]/);
    });

    it('the browser counts more foreign frames than the page found: treated the same', () => {
      const missed = evidence({ page: { shown: [], count: 0 }, browser: { count: 1, origins: ['https://bank.example:8443'] } });
      expect(() => checkFrameOrigin([outside], missed)).not.toThrow();
      expect(() => checkFrameOrigin([{ at: { x: 800, y: 400, width: 100, height: 100 } }], missed)).toThrow(
        '[cross_origin_frame] This QR code is inside a frame from another site (bank.example:8443)',
      );
    });

    it('a browser that could not count: treated the same', () => {
      const uncounted = evidence({ browser: { count: Number.POSITIVE_INFINITY, origins: [] } });
      expect(() => checkFrameOrigin([{ at: { x: 800, y: 400, width: 100, height: 100 } }], uncounted)).toThrow(/^\[cross_origin_frame\]/);
    });
  });
});
