/** Property tests: the format/parse round trip and the verification window, for any input. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatKeyUri, generateCode, generateSecret, parseKeyUri, verifyCode, type OtpParams } from '../../../shared/otp';

const secretArb = fc.uint8Array({ minLength: 10, maxLength: 64 }).map((bytes) => generateSecret(bytes.length, () => bytes));
// Names with the characters that break naive encoders, and any Unicode.
const nameArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '&', '+', ':', '%', '=', '?', '#', '/', '@', 'é', '日', '😀'), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const paramsArb: fc.Arbitrary<OtpParams> = fc
  .record({
    type: fc.constantFrom('totp' as const, 'hotp' as const),
    secret: secretArb,
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 10 }),
    period: fc.integer({ min: 1, max: 3600 }),
    counter: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    issuer: nameArb,
    account: nameArb.filter((a) => a !== ''),
  })
  .map((p) => (p.type === 'totp' ? { ...p, counter: 0 } : { ...p, period: 30 }));

const timeArb = fc.integer({ min: 7_200_000, max: 4_102_444_800_000 }); // 1970 (two hours in) .. 2100

describe('key URI properties', () => {
  it('parseKeyUri(formatKeyUri(p)) equals p for every canonical p', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        expect(parseKeyUri(formatKeyUri(p))).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but KeyUriError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => 'otpauth://' + s), fc.string().map((s) => 'otpauth://totp/' + s)), (text) => {
        try {
          parseKeyUri(text);
        } catch (error) {
          expect((error as Error).name).toBe('KeyUriError');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('verification properties', () => {
  const totpArb = paramsArb.filter((p) => p.type === 'totp');

  it("verify(generate(t)) finds t's step", () => {
    fc.assert(
      fc.property(totpArb, timeArb, (p, t) => {
        const step = Math.floor(t / 1000 / p.period);
        expect(verifyCode(p, generateCode(p, t), { timestampMs: t, window: 0 })).toBe(step);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a code one step either side with window 1, and not two steps away', () => {
    fc.assert(
      fc.property(totpArb, timeArb, fc.constantFrom(-2, -1, 1, 2), (p, t, delta) => {
        const step = Math.floor(t / 1000 / p.period);
        const code = generateCode(p, (step + delta) * p.period * 1000);
        const found = verifyCode(p, code, { timestampMs: t, window: 1 });
        // Codes of different steps collide by chance (1 in 10^digits): then the step found
        // must be one inside the window whose code is the same.
        if (Math.abs(delta) === 1 && found !== step + delta) expect(found).not.toBeNull();
        if (found !== null) {
          expect(Math.abs(found - step)).toBeLessThanOrEqual(1);
          expect(generateCode(p, found * p.period * 1000)).toBe(code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any step at or before afterStep (replay protection)', () => {
    fc.assert(
      fc.property(totpArb, timeArb, (p, t) => {
        const step = Math.floor(t / 1000 / p.period);
        const code = generateCode(p, t);
        expect(verifyCode(p, code, { timestampMs: t, afterStep: step })).not.toBe(step);
        expect(verifyCode(p, code, { timestampMs: t, afterStep: step - 1 })).toBe(step);
      }),
      { numRuns: 200 },
    );
  });

  it('HOTP looks ahead only', () => {
    fc.assert(
      fc.property(paramsArb.filter((p) => p.type === 'hotp' && p.counter > 0 && p.counter < 1e12), (p) => {
        const behind = generateCode({ ...p, counter: p.counter - 1 }, 0);
        const ahead = generateCode({ ...p, counter: p.counter + 1 }, 0);
        expect(verifyCode(p, ahead, { timestampMs: 0, window: 1 })).toBe(p.counter + 1);
        const found = verifyCode(p, behind, { timestampMs: 0, window: 1 });
        expect(found === null || found >= p.counter).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects codes of the wrong length or with non-digits', () => {
    const p = parseKeyUri('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP');
    const code = generateCode(p, 1_000_000);
    expect(verifyCode(p, code, { timestampMs: 1_000_000 })).not.toBeNull();
    expect(verifyCode(p, code.slice(1), { timestampMs: 1_000_000 })).toBeNull();
    expect(verifyCode(p, code + '0', { timestampMs: 1_000_000 })).toBeNull();
    expect(verifyCode(p, code.slice(0, 5) + 'x', { timestampMs: 1_000_000 })).toBeNull();
    expect(verifyCode(p, `${code.slice(0, 3)} ${code.slice(3)}`, { timestampMs: 1_000_000 })).not.toBeNull();
  });
});

describe('generateSecret', () => {
  it('makes 160-bit secrets from the CSPRNG by default, all different', () => {
    const secrets = new Set(Array.from({ length: 100 }, () => generateSecret()));
    expect(secrets.size).toBe(100);
    for (const s of secrets) expect(s).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('encodes exactly the bytes it is given', () => {
    const bytes = new TextEncoder().encode('12345678901234567890');
    expect(generateSecret(20, () => bytes)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('refuses a random source that returns the wrong length', () => {
    expect(() => generateSecret(20, () => new Uint8Array(5))).toThrow(TypeError);
  });
});
