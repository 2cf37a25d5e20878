/** One-time code generation (RFC 4226 / RFC 6238) on otpauth's HOTP. */
import { HOTP, Secret } from 'otpauth';
import type { OtpParams } from './otp-params';
import { movingFactor } from './time-step';

/** The code for `params` at `timestampMs` (TOTP) or at `params.counter` (HOTP). */
export function generateCode(params: OtpParams, timestampMs: number): string {
  return codeAt(params, movingFactor(params, timestampMs));
}

/** The code for an explicit moving factor (time step or counter). */
export function codeAt(params: Pick<OtpParams, 'secret' | 'algorithm' | 'digits'>, factor: number): string {
  return HOTP.generate({ secret: secretOf(params.secret), algorithm: params.algorithm, digits: params.digits, counter: factor });
}

// Decoding base32 costs more than the HMAC itself; servers verify the same few secrets
// over and over, so keep the last decoded ones.
const decoded = new Map<string, Secret>();
const DECODED_LIMIT = 256;

function secretOf(base32: string): Secret {
  let secret = decoded.get(base32);
  if (!secret) {
    secret = Secret.fromBase32(base32);
    if (decoded.size >= DECODED_LIMIT) decoded.delete(decoded.keys().next().value as string);
    decoded.set(base32, secret);
  }
  return secret;
}
