/** decodeQr: jsQR with inverted codes and UTF-8 text; qrText's byte decoding rules. */
import { describe, expect, it } from 'vitest';
import { decodeQr, qrText } from '../../../extension/scan/decode-qr';
import { blank, drawQr } from './qr-pixels';

const URI = 'otpauth://totp/Acme%20Demo:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Demo';

describe('decodeQr', () => {
  it('reads a dark-on-light code', () => {
    const image = blank(300, 300);
    drawQr(image, URI, { x: 20, y: 20, scale: 5 });
    expect(decodeQr(image)).toBe(URI);
  });

  it('reads a light-on-dark code, as dark themes draw them', () => {
    const image = blank(300, 300, [13, 17, 23]);
    drawQr(image, URI, { x: 20, y: 20, scale: 5 }, { on: [240, 246, 252], off: [13, 17, 23] });
    expect(decodeQr(image)).toBe(URI);
  });

  it('keeps non-ASCII text intact (UTF-8 bytes)', () => {
    const text = 'otpauth://totp/Zoë%20Café:zoë@exämple.com?secret=JBSWY3DPEHPK3PXP&issuer=Zoë ✓';
    const image = blank(400, 400);
    drawQr(image, text, { x: 10, y: 10, scale: 5 });
    expect(decodeQr(image)).toBe(text);
  });

  it('returns null where there is no code, or the image is too small to hold one', () => {
    expect(decodeQr(blank(200, 200))).toBeNull();
    expect(decodeQr(blank(20, 400))).toBeNull();
  });
});

describe('qrText', () => {
  const bytes = (text: string) => Array.from(new TextEncoder().encode(text));
  const chunk = (c: object) => c as never;

  it('decodes valid UTF-8 from the raw bytes, even where jsQR gave up on the text', () => {
    expect(qrText({ data: '', chunks: [chunk({ type: 'byte', bytes: bytes('Ünïcødé') })] })).toBe('Ünïcødé');
  });

  it('falls back to ISO-8859-1, the QR default, for bytes that are not UTF-8', () => {
    expect(qrText({ data: '', chunks: [chunk({ type: 'byte', bytes: [0x63, 0x61, 0x66, 0xe9] })] })).toBe('café');
  });

  it('follows ECI segments: ISO-8859-1 then UTF-8 in one code', () => {
    const chunks = [
      chunk({ type: 'eci', assignmentNumber: 3 }),
      chunk({ type: 'byte', bytes: [0x5a, 0x6f, 0xeb] }),
      chunk({ type: 'alphanumeric', text: ' ' }),
      chunk({ type: 'eci', assignmentNumber: 26 }),
      chunk({ type: 'byte', bytes: bytes('✓') }),
    ];
    expect(qrText({ data: '', chunks })).toBe('Zoë ✓');
  });

  it('takes numeric, alphanumeric and Kanji segments as jsQR decoded them', () => {
    const chunks = [chunk({ type: 'numeric', text: '123' }), chunk({ type: 'kanji', bytes: [0x8a, 0xbf], text: '漢' })];
    expect(qrText({ data: '123漢', chunks })).toBe('123漢');
  });
});
