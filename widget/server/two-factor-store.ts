/**
 * The storage contract behind the two-factor library. Small on purpose: every step that could
 * race (two requests, two server processes) is one atomic method here, so a PostgreSQL or Redis
 * store can be written later without touching the rules in the rest of the library.
 *
 * Secrets arrive here already sealed (AES-256-GCM, see `secret-box.ts`); recovery codes arrive
 * as hashes. A store never sees a secret, a code or a recovery code in the clear.
 */

import type { OtpAlgorithm } from '../../shared/otp';

/** The active factor: one per user. */
export type StoredFactor = {
  /** The id of the enrolment that became this factor; changes on every reset. */
  id: string;
  userId: string;
  /** Sealed base32 secret. */
  sealedSecret: string;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
  /** The last time step a code was accepted for (RFC 6238 s.5.2), or null before any. */
  lastStep: number | null;
  /** When two-factor authentication was turned on (ms); kept across resets. */
  enabledAt: number;
};

/** A pending enrolment: at most one per user, replaced or removed, never edited. */
export type StoredEnrollment = {
  id: string;
  userId: string;
  /**
   * What the enrolment was created for: the id of the factor it replaces (a reset, made with a
   * current code), or null for a first enrolment (made without a code, while disabled). The
   * store saves and activates an enrolment only while the user's factor is still exactly this
   * (none for null), so a request racing a confirm, reset or disable can never leave behind an
   * enrolment that swaps in a factor nobody proved a code for.
   */
  replacesFactorId: string | null;
  sealedSecret: string;
  issuer: string;
  account: string;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
  createdAt: number;
  expiresAt: number;
};

/**
 * The failure throttle as the store applies it inside its atomic steps: the user must wait
 * `waitMs(failures)` after their last failure before any attempt counts.
 */
export type ThrottleGate = { now: number; waitMs: (failures: number) => number };

/**
 * The gate of the steps that judge a TOTP code (`acceptStep`, and `recordFailure` after a wrong
 * one). When `lockAfter` is set and the user has that many consecutive failures (or more) on
 * record, the step answers `locked` and changes nothing, before looking at the wait: the owner
 * unlocks by using a recovery code (`consumeRecoveryCode` clears the counter) or the site calls
 * `resetFailures`. Recovery-code steps are never given `lockAfter`.
 */
export type LockingGate = ThrottleGate & { lockAfter?: number };

/** The answer of a gated step when the user must wait: nothing was changed or revealed. */
export type Throttled = { outcome: 'throttled'; retryAt: number };

/** The answer of a `LockingGate` step once `lockAfter` consecutive failures are on record: nothing changed. */
export type Locked = { outcome: 'locked' };

/**
 * What `saveEnrollment` leaves pending, or `factor_changed` (nothing stored) when the user's
 * factor is no longer the one the enrolment was created for (`replacesFactorId`).
 */
export type SaveEnrollmentResult = { outcome: 'pending'; enrollment: StoredEnrollment } | { outcome: 'factor_changed' };

export type ActivationResult =
  | { outcome: 'activated'; firstEnable: boolean; enabledAt: number }
  | { outcome: 'not_found' }
  | { outcome: 'expired' }
  /** The user's factor is no longer the one the enrolment replaces (`replacesFactorId`); the enrolment was deleted. */
  | { outcome: 'factor_changed' }
  | Throttled;

export type ActivationInput = {
  userId: string;
  enrollmentId: string;
  /** The time step of the code that confirmed the enrolment: it becomes the factor's `lastStep`. */
  acceptedStep: number;
  /** Hashes to store when this activation turns two-factor on for the first time; ignored on a reset. */
  recoveryCodeHashes: string[];
  /** The throttle, and the moment of activation (`gate.now`). */
  gate: ThrottleGate;
};

export interface TwoFactorStore {
  getFactor(userId: string): Promise<StoredFactor | null>;
  /** The user's pending enrolment, expired or not (the caller decides what expiry means). */
  getEnrollment(userId: string): Promise<StoredEnrollment | null>;
  /**
   * Atomically, in one step that also reads the user's factor:
   * - when the factor's id (null when there is none) differs from `enrollment.replacesFactorId`,
   *   stores nothing and answers `factor_changed`;
   * - otherwise keeps the user's pending enrolment when one exists that has not expired at `now`
   *   and was made for the same factor (unless `replace`), else stores `enrollment` in its place.
   * Answers whichever is pending afterwards, so two concurrent clicks get the same enrolment.
   */
  saveEnrollment(enrollment: StoredEnrollment, options: { replace: boolean; now: number }): Promise<SaveEnrollmentResult>;
  /** Removes that pending enrolment; false when it was not there. The active factor is untouched. */
  deleteEnrollment(userId: string, enrollmentId: string): Promise<boolean>;
  /**
   * Atomically, unless the user must wait (`throttled`, nothing changed): swaps the pending
   * enrolment in as the user's factor (make-before-break: the old factor stays until this
   * moment), clears the failure counter, and on first enable stores the recovery code hashes.
   * An expired enrolment is deleted and reported as `expired`; one whose `replacesFactorId` is
   * no longer the user's factor (null: the user has one now) is deleted and reported as
   * `factor_changed`. The order of checks: `not_found`, `throttled`, `expired`, `factor_changed`.
   */
  activateEnrollment(input: ActivationInput): Promise<ActivationResult>;
  /**
   * Atomically, unless the user is locked (see `LockingGate`) or must wait: compare-and-set of
   * the factor's last accepted step (only when `factorId` is still the user's factor and its last
   * step is earlier), clearing the failure counter on success. `used` means the code was already
   * used, here or by another server sharing the store.
   */
  acceptStep(userId: string, factorId: string, step: number, gate: LockingGate): Promise<{ outcome: 'accepted' | 'used' } | Throttled | Locked>;
  /** Atomically, unless the user must wait: deletes one unused recovery code and clears the failure counter. */
  consumeRecoveryCode(userId: string, hash: string, gate: ThrottleGate): Promise<{ outcome: 'consumed' | 'unknown' } | Throttled>;
  /**
   * Atomically, unless the user is locked (only when `gate.lockAfter` is set) or must wait:
   * counts one more consecutive failure and returns the count. Every wrong code goes through
   * here, so however many guesses arrive at once, only the free ones are ever answered with
   * anything but `throttled` (or `locked`).
   */
  recordFailure(userId: string, gate: LockingGate): Promise<{ outcome: 'counted'; failures: number } | Throttled | Locked>;
  /** Clears the user's failure counter (the site's `resetThrottle`): no wait, no lock. */
  resetFailures(userId: string): Promise<void>;
  /** Re-seals a factor's secret (key rotation); does nothing when the factor has changed. */
  resealFactor(userId: string, factorId: string, sealedSecret: string): Promise<void>;
  countRecoveryCodes(userId: string): Promise<number>;
  /** Replaces every recovery code of a user who has a factor; false (nothing stored) when none. */
  replaceRecoveryCodes(userId: string, hashes: string[]): Promise<boolean>;
  /** Deletes the factor, any pending enrolment, the recovery codes and the failure counter. */
  deleteUser(userId: string): Promise<{ hadFactor: boolean }>;
  close(): Promise<void>;
}
