/** The canonical description of one OTP account: what a key URI carries, after parsing. */

export type OtpType = 'totp' | 'hotp';
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export type OtpParams = {
  type: OtpType;
  /** Base32, upper-case, without padding or spaces. */
  secret: string;
  algorithm: OtpAlgorithm;
  /** 6 to 10. */
  digits: number;
  /** Seconds, 1 to 3600. Always 30 for HOTP, where it has no meaning. */
  period: number;
  /** HOTP moving factor; always 0 for TOTP. */
  counter: number;
  /** '' when the URI names none. */
  issuer: string;
  account: string;
};

export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
export const MIN_DIGITS = 6;
export const MAX_DIGITS = 10;
export const MIN_PERIOD = 1;
export const MAX_PERIOD = 3600;
export const DEFAULT_PERIOD = 30;
/** Key URIs longer than this many UTF-8 bytes are refused before any parsing. */
export const MAX_KEY_URI_BYTES = 4096;
