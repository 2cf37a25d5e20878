/** checkFrameOrigin: a code whose centre lies in a frame of another origin ends the scan, named by that origin. */
import { describe, expect, it } from 'vitest';
import { checkFrameOrigin } from '../../../extension/scan/check-frame-origin';
import { ScanError } from '../../../extension/scan/scan-error';

const frame = { rect: { x: 100, y: 100, width: 400, height: 300 }, origin: 'https://bank.example:8443' };

describe('checkFrameOrigin', () => {
  it('refuses a code inside a foreign frame, naming the frame\'s host', () => {
    const error = (() => {
      try {
        checkFrameOrigin([{ at: { x: 150, y: 150, width: 120, height: 120 } }], [frame]);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).message).toBe(
      '[cross_origin_frame] This QR code is inside a frame from another site (bank.example:8443); open that site directly to scan it. Nothing was saved.',
    );
  });

  it('says "another site" when the frame names no address', () => {
    expect(() => checkFrameOrigin([{ at: { x: 150, y: 150, width: 120, height: 120 } }], [{ ...frame, origin: null }])).toThrow(
      /^\[cross_origin_frame\] This QR code is inside a frame from another site; open that site/,
    );
  });

  it('lets codes outside every foreign frame through, also one a frame merely overlaps', () => {
    expect(() => checkFrameOrigin([{ at: { x: 520, y: 100, width: 120, height: 120 } }], [frame])).not.toThrow();
    expect(() => checkFrameOrigin([{ at: { x: 0, y: 0, width: 150, height: 150 } }], [frame])).not.toThrow(); // centre (75, 75) is outside
    expect(() => checkFrameOrigin([{ at: { x: 150, y: 150, width: 120, height: 120 } }], [])).not.toThrow();
  });

  it('refuses the whole scan when any one of several codes is framed', () => {
    const codes = [{ at: { x: 600, y: 0, width: 100, height: 100 } }, { at: { x: 200, y: 200, width: 100, height: 100 } }];
    expect(() => checkFrameOrigin(codes, [frame])).toThrow(/^\[cross_origin_frame\]/);
  });
});
