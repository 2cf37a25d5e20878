/**
 * Checks `OtpParams` that code built (an import's parser, a test) and returns their canonical
 * form: exactly what `parseKeyUri(formatKeyUri(params))` gives, without the round trip through
 * text. The vault applies it to every account it stores, so values parsed once at the boundary
 * are not parsed again.
 */
import { formatKeyUri } from './format-key-uri';
import { KeyUriError } from './key-uri-error';
import { normalizeSecret } from './base32-secret';
import { DEFAULT_PERIOD, MAX_KEY_URI_BYTES, type OtpParams } from './otp-params';

/**
 * The canonical `params`: secret upper-case without padding, `counter` 0 for TOTP, `period` 30
 * for HOTP.
 * @throws KeyUriError (the codes and messages of formatKeyUri and parseKeyUri) for parameters
 * no key URI could carry.
 */
export function canonicalParams(params: OtpParams): OtpParams {
  // formatKeyUri checks every field the way the parser would refuse it.
  const uri = formatKeyUri(params);
  if (uri.length > MAX_KEY_URI_BYTES || new TextEncoder().encode(uri).length > MAX_KEY_URI_BYTES) {
    throw new KeyUriError('too_long', `This address is longer than ${MAX_KEY_URI_BYTES / 1024} KB; no authenticator code is that long.`);
  }
  const hotp = params.type === 'hotp';
  return {
    type: params.type,
    secret: normalizeSecret(params.secret),
    algorithm: params.algorithm,
    digits: params.digits,
    period: hotp ? DEFAULT_PERIOD : params.period,
    counter: hotp ? params.counter : 0,
    issuer: params.issuer,
    account: params.account,
  };
}
