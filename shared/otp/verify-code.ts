/** Code verification with a window, replay protection and constant-time comparison. */
import type { OtpParams } from './otp-params';
import { codeAt } from './generate-code';
import { constantTimeEqual } from './constant-time-equal';
import { movingFactor } from './time-step';

export type VerifyOptions = {
  timestampMs: number;
  /** Steps to look back and ahead (TOTP) or ahead only (HOTP). Default 1. */
  window?: number;
  /** Reject any step (or counter) at or before this one: the last one accepted. */
  afterStep?: number;
};

/**
 * Returns the time step (TOTP) or counter (HOTP) whose code equals `code`, or `null`.
 * Every candidate in the window is computed and compared, so the time taken does not
 * reveal which one matched.
 */
export function verifyCode(params: OtpParams, code: string, options: VerifyOptions): number | null {
  const token = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
  if (token.length !== params.digits || !/^\d+$/.test(token)) return null;
  const window = Math.max(0, Math.floor(options.window ?? 1));
  const base = movingFactor(params, options.timestampMs);
  const candidates: number[] = [base];
  for (let d = 1; d <= window; d++) {
    if (params.type === 'totp') candidates.push(base - d);
    candidates.push(base + d);
  }
  let found: number | null = null;
  for (const factor of candidates) {
    if (factor < 0) continue;
    const matches = constantTimeEqual(codeAt(params, factor), token);
    const fresh = options.afterStep === undefined || factor > options.afterStep;
    if (matches && fresh && found === null) found = factor;
  }
  return found;
}
