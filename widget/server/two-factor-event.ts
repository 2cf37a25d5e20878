/**
 * What the library tells the site, so it can send the out-of-band notice NIST SP 800-63B-4 asks
 * for ("two-factor authentication was turned off on your account"). Never carries a secret,
 * a code or a recovery code.
 */

export type TwoFactorEventType = 'enabled' | 'reset' | 'disabled' | 'recovery_codes_regenerated' | 'recovery_code_used' | 'throttled' | 'locked';

export type TwoFactorEvent = {
  type: TwoFactorEventType;
  userId: string;
  /** When it happened (ms since the epoch, from the `now` option). */
  at: number;
};
