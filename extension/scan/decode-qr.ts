/**
 * Decodes one QR code from RGBA pixels with jsQR, trying dark-on-light and light-on-dark
 * (dark-mode pages draw inverted codes). jsQR finds at most one code per image: callers that
 * expect several decode crops (see find-codes.ts).
 */
import jsQR, { type QRCode } from 'jsqr';

/** What jsQR needs: RGBA bytes, row-major. `ImageData` is one. */
export type Pixels = { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('windows-1252');
/** ECI assignment numbers (ISO/IEC 18004 and AIM ECI) to TextDecoder labels, the ones seen in practice. */
const ECI_ENCODINGS: Record<number, string> = { 1: 'iso-8859-1', 3: 'iso-8859-1', 4: 'iso-8859-2', 20: 'shift_jis', 22: 'windows-1251', 26: 'utf-8' };

/** A decoded code: its text and where it is (the box around jsQR's corner points, in the pixels' coordinates). */
export type DecodedQr = { text: string; box: { x: number; y: number; width: number; height: number } };

/** The text of the QR code in `pixels`, or `null` when none decodes. */
export function decodeQr(pixels: Pixels): string | null {
  return locateQr(pixels)?.text ?? null;
}

/** The QR code in `pixels` and where it lies, or `null` when none decodes. */
export function locateQr(pixels: Pixels): DecodedQr | null {
  if (pixels.width < 21 || pixels.height < 21) return null;
  const code = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  if (!code) return null;
  const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner } = code.location;
  const xs = [topLeftCorner.x, topRightCorner.x, bottomLeftCorner.x, bottomRightCorner.x];
  const ys = [topLeftCorner.y, topRightCorner.y, bottomLeftCorner.y, bottomRightCorner.y];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { text: qrText(code), box: { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y } };
}

/**
 * The code's text. jsQR gives up on byte segments that are not valid UTF-8 (it returns '' for
 * them) and ignores ECI, so the text is rebuilt segment by segment: bytes in the encoding the
 * last ECI segment named, else UTF-8 when they are valid UTF-8 (what every otpauth://
 * generator writes), else ISO-8859-1 (the QR standard's default).
 */
export function qrText(code: Pick<QRCode, 'data' | 'chunks'>): string {
  let encoding: string | null = null;
  let text = '';
  for (const chunk of code.chunks) {
    if (chunk.type === 'eci') {
      encoding = ECI_ENCODINGS[(chunk as { assignmentNumber: number }).assignmentNumber] ?? null;
    } else if (chunk.type === 'byte') {
      text += decodeBytes(Uint8Array.from((chunk as { bytes: number[] }).bytes), encoding);
    } else {
      text += (chunk as { text?: string }).text ?? '';
    }
  }
  return code.chunks.length > 0 ? text : code.data;
}

function decodeBytes(bytes: Uint8Array, encoding: string | null): string {
  if (encoding) {
    try {
      return new TextDecoder(encoding).decode(bytes);
    } catch {
      // An encoding this browser lacks: guess as if no ECI had been given.
    }
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    return LATIN1.decode(bytes);
  }
}
