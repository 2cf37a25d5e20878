/** Time-step arithmetic for TOTP (RFC 6238 s.4): which step a moment falls in, and when it ends. */
import type { OtpParams } from './otp-params';

/** The TOTP time step that `timestampMs` falls in. */
export function timeStep(period: number, timestampMs: number): number {
  return Math.floor(timestampMs / 1000 / period);
}

/** The moment (ms) the code valid at `timestampMs` stops being current. */
export function stepEndsAt(period: number, timestampMs: number): number {
  return (timeStep(period, timestampMs) + 1) * period * 1000;
}

/** The moving factor a code is computed from: the time step for TOTP, the counter for HOTP. */
export function movingFactor(params: Pick<OtpParams, 'type' | 'period' | 'counter'>, timestampMs: number): number {
  return params.type === 'hotp' ? params.counter : timeStep(params.period, timestampMs);
}
