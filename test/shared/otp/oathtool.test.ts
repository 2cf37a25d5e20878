/**
 * Cross-check against oathtool (an independent C implementation) for a few hundred random
 * parameter sets. oathtool prints 6 to 8 digits, so that is the range checked here.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateCode, generateSecret, type OtpParams } from '../../../shared/otp';
import { oathtoolCode as oathCode, oathtoolMissing as missing } from '../../support/oathtool';

describe.skipIf(missing)('codes agree with oathtool', () => {
  it('for 300 random TOTP and HOTP parameter sets', () => {
    const arb = fc.record({
      type: fc.constantFrom('totp' as const, 'hotp' as const),
      bytes: fc.uint8Array({ minLength: 10, maxLength: 64 }),
      algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
      digits: fc.integer({ min: 6, max: 8 }),
      period: fc.integer({ min: 1, max: 3600 }),
      counter: fc.integer({ min: 0, max: 2 ** 40 }),
      time: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    });
    const samples = fc.sample(arb, { numRuns: 300, seed: 20261127 });
    let compared = 0;
    for (const s of samples) {
      // oathtool's HOTP mode is SHA1 only.
      const algorithm = s.type === 'hotp' ? 'SHA1' : s.algorithm;
      const p: OtpParams = {
        type: s.type,
        secret: generateSecret(s.bytes.length, () => s.bytes),
        algorithm,
        digits: s.digits,
        period: s.type === 'totp' ? s.period : 30,
        counter: s.type === 'hotp' ? s.counter : 0,
        issuer: 'X',
        account: 'y',
      };
      expect(generateCode(p, s.time), JSON.stringify({ ...p, time: s.time })).toBe(oathCode(p, s.time));
      compared++;
    }
    expect(compared).toBe(300);
  });
});
