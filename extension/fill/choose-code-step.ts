/**
 * Which TOTP time step's code to fill. Servers accept the current step and one ahead
 * (RFC 6238 s.5.2 window) and refuse a code whose step was already used, so:
 *  - under 3 s left in the current step -> the next step's code (it would expire while the
 *    user clicks Confirm);
 *  - this account's code for that step already filled once -> the step after it.
 * A step more than one ahead is not accepted yet: `notBefore` says when it will be.
 */
import { timeStep } from '../../shared/otp';

/** Codes with less than this left are not worth filling. */
export const NEXT_CODE_THRESHOLD_MS = 3000;

export type CodeStepChoice = {
  /** The time step whose code to fill. */
  step: number;
  /** When a server with a one-step window starts accepting it (ms); <= now unless waiting is needed. */
  notBefore: number;
  /** When the chosen code's own step ends (ms). */
  expiresAt: number;
};

export function chooseCodeStep(input: { nowMs: number; period: number; lastFilledStep: number | null }): CodeStepChoice {
  const { nowMs, period, lastFilledStep } = input;
  const periodMs = period * 1000;
  const current = timeStep(period, nowMs);
  let step = (current + 1) * periodMs - nowMs < NEXT_CODE_THRESHOLD_MS ? current + 1 : current;
  if (lastFilledStep !== null && lastFilledStep >= step) step = lastFilledStep + 1;
  return { step, notBefore: Math.max(nowMs, (step - 1) * periodMs), expiresAt: (step + 1) * periodMs };
}
