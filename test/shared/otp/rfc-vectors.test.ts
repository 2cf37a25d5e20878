/**
 * RFC 4226 Appendix D and RFC 6238 Appendix B, every row, as one table. The SHA256 and
 * SHA512 rows use the RFC's 32- and 64-byte seeds (the RFC's reference code does).
 */
import { describe, expect, it } from 'vitest';
import { generateCode, verifyCode, type OtpParams } from '../../../shared/otp';

const SEED_SHA1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const SEED_SHA256 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'; // 32 bytes
const SEED_SHA512 =
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA'; // 64 bytes

type Vector = { rfc: string; params: OtpParams; timestampMs: number; code: string };

const base = { issuer: 'RFC', account: 'vector' } as const;

const hotp = (counter: number, code: string): Vector => ({
  rfc: `RFC 4226 D, count ${counter}`,
  params: { ...base, type: 'hotp', secret: SEED_SHA1, algorithm: 'SHA1', digits: 6, period: 30, counter },
  timestampMs: 0,
  code,
});

const totp = (time: number, algorithm: OtpParams['algorithm'], code: string): Vector => ({
  rfc: `RFC 6238 B, ${algorithm} at ${time}`,
  params: {
    ...base,
    type: 'totp',
    secret: algorithm === 'SHA1' ? SEED_SHA1 : algorithm === 'SHA256' ? SEED_SHA256 : SEED_SHA512,
    algorithm,
    digits: 8,
    period: 30,
    counter: 0,
  },
  timestampMs: time * 1000,
  code,
});

const VECTORS: Vector[] = [
  hotp(0, '755224'),
  hotp(1, '287082'),
  hotp(2, '359152'),
  hotp(3, '969429'),
  hotp(4, '338314'),
  hotp(5, '254676'),
  hotp(6, '287922'),
  hotp(7, '162583'),
  hotp(8, '399871'),
  hotp(9, '520489'),
  totp(59, 'SHA1', '94287082'),
  totp(59, 'SHA256', '46119246'),
  totp(59, 'SHA512', '90693936'),
  totp(1111111109, 'SHA1', '07081804'),
  totp(1111111109, 'SHA256', '68084774'),
  totp(1111111109, 'SHA512', '25091201'),
  totp(1111111111, 'SHA1', '14050471'),
  totp(1111111111, 'SHA256', '67062674'),
  totp(1111111111, 'SHA512', '99943326'),
  totp(1234567890, 'SHA1', '89005924'),
  totp(1234567890, 'SHA256', '91819424'),
  totp(1234567890, 'SHA512', '93441116'),
  totp(2000000000, 'SHA1', '69279037'),
  totp(2000000000, 'SHA256', '90698825'),
  totp(2000000000, 'SHA512', '38618901'),
  totp(20000000000, 'SHA1', '65353130'),
  totp(20000000000, 'SHA256', '77737706'),
  totp(20000000000, 'SHA512', '47863826'),
];

describe('RFC test vectors', () => {
  it('has all 10 HOTP and 18 TOTP rows', () => {
    expect(VECTORS.filter((v) => v.params.type === 'hotp')).toHaveLength(10);
    expect(VECTORS.filter((v) => v.params.type === 'totp')).toHaveLength(18);
  });

  it.each(VECTORS)('$rfc -> $code', ({ params, timestampMs, code }) => {
    expect(generateCode(params, timestampMs)).toBe(code);
  });

  it.each(VECTORS)('$rfc verifies at its own step', ({ params, timestampMs, code }) => {
    const expected = params.type === 'hotp' ? params.counter : Math.floor(timestampMs / 1000 / 30);
    expect(verifyCode(params, code, { timestampMs, window: 0 })).toBe(expected);
  });
});
