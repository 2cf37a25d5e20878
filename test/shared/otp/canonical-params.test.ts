/**
 * canonicalParams: the vault's check of typed params gives exactly what the text round trip
 * parseKeyUri(formatKeyUri(p)) gave, for canonical and non-canonical params alike, and the
 * same error where the round trip refused.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalParams, formatKeyUri, generateSecret, parseKeyUri, type OtpParams } from '../../../shared/otp';

/** What the round trip gives: the params, or the error's code and message. */
function roundTrip(p: OtpParams): OtpParams | { code: string; message: string } {
  try {
    return parseKeyUri(formatKeyUri(p));
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
}
function canonical(p: OtpParams): OtpParams | { code: string; message: string } {
  try {
    return canonicalParams(p);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
}

const secretArb = fc.oneof(
  fc.uint8Array({ minLength: 10, maxLength: 64 }).map((bytes) => generateSecret(bytes.length, () => bytes)),
  // Lower case, spaces, hyphens, padding, bad letters, too short, far too long.
  fc.string({ unit: fc.constantFrom('a', 'B', '2', '7', ' ', '-', '=', '0', '1', '8'), maxLength: 40 }),
  fc.constant('A'.repeat(300)),
);
const nameArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '&', '+', ':', '%', '=', '?', '#', '/', '@', 'é', '日', '😀'), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constant('\uD800 broken'),
  fc.constant('x'.repeat(5000)),
);
const anyParamsArb: fc.Arbitrary<OtpParams> = fc.record({
  type: fc.constantFrom('totp' as const, 'hotp' as const, 'motp' as never),
  secret: secretArb,
  algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const, 'MD5' as never),
  digits: fc.oneof(fc.integer({ min: 4, max: 12 }), fc.constant(6.5)),
  period: fc.oneof(fc.integer({ min: -1, max: 4000 }), fc.constant(30.5)),
  counter: fc.oneof(fc.integer({ min: -2, max: Number.MAX_SAFE_INTEGER }), fc.constant(1.5)),
  issuer: nameArb,
  account: nameArb,
});

describe('canonicalParams', () => {
  it('equals the parse(format(p)) round trip, results and errors, for any params', () => {
    fc.assert(
      fc.property(anyParamsArb, (p) => {
        expect(canonical(p)).toEqual(roundTrip(p));
      }),
      { numRuns: 2000 },
    );
  });

  it('upper-cases the secret and zeroes what the type does not use', () => {
    const p: OtpParams = { type: 'totp', secret: 'jbsw y3dp-ehpk 3pxp==', algorithm: 'SHA1', digits: 6, period: 30, counter: 9, issuer: 'Acme', account: 'alice' };
    expect(canonicalParams(p)).toEqual({ ...p, secret: 'JBSWY3DPEHPK3PXP', counter: 0 });
    expect(canonicalParams({ ...p, type: 'hotp', period: 60, counter: 4 })).toEqual({ ...p, type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', period: 30, counter: 4 });
  });

  it('refuses what no key URI carries, with the parser\'s code', () => {
    const p: OtpParams = { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Acme', account: 'alice' };
    expect(() => canonicalParams({ ...p, secret: 'NOT-BASE32-1890' })).toThrow(expect.objectContaining({ code: 'bad_secret' }));
    expect(() => canonicalParams({ ...p, digits: 11 })).toThrow(expect.objectContaining({ code: 'bad_digits' }));
    expect(() => canonicalParams({ ...p, account: 'x'.repeat(5000) })).toThrow(expect.objectContaining({ code: 'too_long' }));
  });
});
