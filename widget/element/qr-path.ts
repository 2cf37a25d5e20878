/**
 * Turns an otpauth URI into the outline of a QR code (lean-qr's matrix), as an SVG path the
 * element draws with DOM APIs. Runs of dark modules in a row become one rectangle.
 */
import { generate } from 'lean-qr/nano';

/** The quiet zone every reader needs around the code, in modules (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE = 4;

/** Returns the side length in modules (quiet zone included) and the path of the dark modules. */
export function qrPath(text: string): { size: number; d: string } {
  const code = generate(text);
  let d = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.get(x, y)) continue;
      const start = x;
      while (code.get(x + 1, y)) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x + 1 - start}v1H${start + QUIET_ZONE}z`;
    }
  }
  return { size: code.size + 2 * QUIET_ZONE, d };
}
