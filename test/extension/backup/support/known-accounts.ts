/**
 * The accounts every fixture is generated from: made-up names and secrets covering UTF-8
 * names, all three algorithms, 6 to 8 digits, other periods and HOTP counters.
 */
import type { OtpParams } from '../../../../shared/otp';

export const KNOWN_ACCOUNTS: readonly OtpParams[] = [
  { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Example', account: 'alice@example.com' },
  { type: 'totp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA256', digits: 8, period: 30, counter: 0, issuer: 'Bänk Größe', account: 'jürgen@bank.example' },
  { type: 'totp', secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3DMRSWMZ3IFE', algorithm: 'SHA512', digits: 6, period: 30, counter: 0, issuer: '東京 Mail', account: '山田 太郎' },
  { type: 'hotp', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU', algorithm: 'SHA1', digits: 6, period: 30, counter: 42, issuer: 'Counter Co', account: 'bob' },
  { type: 'hotp', secret: 'ONSWG4TFORZWK3TEMVZXEZLUONSWG4TF', algorithm: 'SHA1', digits: 8, period: 30, counter: 0, issuer: '', account: 'no-issuer hotp' },
  { type: 'totp', secret: 'NBSWY3DPO5XXE3DEEBZWKY3SMV2A', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Emoji 🔐 & Co', account: 'carol+2fa@example.org' },
];

/** Accounts only the richer formats carry (Google Authenticator's export cannot). */
export const RICH_ACCOUNTS: readonly OtpParams[] = [
  { type: 'totp', secret: 'OBQXG43XN5ZGIMJSGM2DKNRXHA4TA', algorithm: 'SHA256', digits: 7, period: 60, counter: 0, issuer: 'Sixty', account: 'dave' },
  { type: 'totp', secret: 'MZXW6YTBOI2DMNZYHE4TCMRTGQ2TMNZY', algorithm: 'SHA1', digits: 8, period: 15, counter: 0, issuer: 'Fifteen', account: 'erin' },
];

/** A fixed moment for code checks: 2026-03-01T12:00:00Z. */
export const CHECK_TIME_MS = Date.UTC(2026, 2, 1, 12, 0, 0);
