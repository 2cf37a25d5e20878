/** Formats `OtpParams` as an `otpauth://` key URI that `parseKeyUri` reads back unchanged. */
import { KeyUriError } from './key-uri-error';
import { normalizeSecret } from './base32-secret';
import { DEFAULT_PERIOD, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, MIN_PERIOD, OTP_ALGORITHMS, type OtpParams } from './otp-params';

/**
 * The inverse of `parseKeyUri`: `parseKeyUri(formatKeyUri(p))` equals the canonical `p`.
 * Names are percent-encoded (spaces, `&`, `+`, `:` and non-ASCII included).
 * @throws KeyUriError for parameters no key URI can carry.
 */
export function formatKeyUri(params: OtpParams): string {
  if (params.type !== 'totp' && params.type !== 'hotp') {
    throw new KeyUriError('bad_type', `"${String(params.type)}" is not an OTP type: expected totp or hotp.`);
  }
  if (typeof params.account !== 'string' || params.account === '') {
    throw new KeyUriError('bad_label', 'An account name is required.');
  }
  if (hasLoneSurrogate(params.account) || hasLoneSurrogate(params.issuer)) {
    throw new KeyUriError('bad_label', 'The issuer or account name holds broken Unicode text that cannot be encoded.');
  }
  const secret = normalizeSecret(params.secret);
  if (!OTP_ALGORITHMS.includes(params.algorithm)) {
    throw new KeyUriError('bad_algorithm', `"${String(params.algorithm)}" is not a supported algorithm; expected SHA1, SHA256 or SHA512.`);
  }
  if (!Number.isInteger(params.digits) || params.digits < MIN_DIGITS || params.digits > MAX_DIGITS) {
    throw new KeyUriError('bad_digits', `Digits must be a whole number from ${MIN_DIGITS} to ${MAX_DIGITS}.`);
  }
  if (params.type === 'totp' && (!Number.isInteger(params.period) || params.period < MIN_PERIOD || params.period > MAX_PERIOD)) {
    throw new KeyUriError('bad_period', `The period must be a whole number of seconds from ${MIN_PERIOD} to ${MAX_PERIOD}.`);
  }
  if (params.type === 'hotp' && (!Number.isSafeInteger(params.counter) || params.counter < 0)) {
    throw new KeyUriError('bad_counter', 'The counter must be a whole number of 0 or more.');
  }

  // The label carries the issuer prefix only when the parser would read the account back
  // unchanged: it drops spaces right after the colon. The issuer parameter always carries it.
  const prefix = params.issuer !== '' && !params.account.startsWith(' ') ? encodeURIComponent(params.issuer) + ':' : '';
  const query = [`secret=${secret}`];
  if (params.issuer !== '') query.push(`issuer=${encodeURIComponent(params.issuer)}`);
  query.push(`algorithm=${params.algorithm}`, `digits=${params.digits}`);
  if (params.type === 'totp') query.push(`period=${params.period ?? DEFAULT_PERIOD}`);
  else query.push(`counter=${params.counter}`);
  return `otpauth://${params.type}/${prefix}${encodeURIComponent(params.account)}?${query.join('&')}`;
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
