/**
 * The failure throttle (NIST SP 800-63B-4 s.3.2.2, OWASP MFA): five free consecutive failures,
 * then each further attempt waits 30 s, doubling up to one hour. After 100 in a row (NIST's
 * limit), authenticator codes are refused until a recovery code is used or the site calls
 * `resetThrottle` / `disableFor`: never a lock the owner cannot lift, so a password thief cannot
 * lock the real user out for good.
 */

export const FREE_FAILURES = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 60 * 60_000;
/** Consecutive failures after which TOTP codes are refused (NIST SP 800-63B-4 s.3.2.2: at most 100). */
export const LOCK_AFTER_FAILURES = 100;

/**
 * How long after the last failure the next attempt must wait, given `failures` in a row (and
 * how many are free: the demo's per-address password throttle allows more than 5).
 */
export function throttleWaitMs(failures: number, free = FREE_FAILURES): number {
  if (failures < free) return 0;
  const doublings = Math.min(failures - free, 20);
  return Math.min(FIRST_WAIT_MS * 2 ** doublings, MAX_WAIT_MS);
}
