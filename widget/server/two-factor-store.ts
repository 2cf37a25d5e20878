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

/** The answer of a gated step when the user must wait: nothing was changed or revealed. */
export type Throttled = { outcome: 'throttled'; retryAt: number };

export type ActivationResult =
  | { outcome: 'activated'; firstEnable: boolean; enabledAt: number }
  | { outcome: 'not_found' }
  | { outcome: 'expired' }
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
   * Atomically: keeps the user's pending enrolment when one exists that has not expired at
   * `now` (unless `replace`), otherwise stores `enrollment` in its place. Returns whichever is
   * pending afterwards, so two concurrent clicks get the same enrolment.
   */
  saveEnrollment(enrollment: StoredEnrollment, options: { replace: boolean; now: number }): Promise<StoredEnrollment>;
  /** Removes that pending enrolment; false when it was not there. The active factor is untouched. */
  deleteEnrollment(userId: string, enrollmentId: string): Promise<boolean>;
  /**
   * Atomically, unless the user must wait (`throttled`, nothing changed): swaps the pending
   * enrolment in as the user's factor (make-before-break: the old factor stays until this
   * moment), clears the failure counter, and on first enable stores the recovery code hashes.
   * An expired enrolment is deleted and reported as `expired`.
   */
  activateEnrollment(input: ActivationInput): Promise<ActivationResult>;
  /**
   * Atomically, unless the user must wait: compare-and-set of the factor's last accepted step
   * (only when `factorId` is still the user's factor and its last step is earlier), clearing the
   * failure counter on success. `used` means the code was already used, here or by another
   * server sharing the store.
   */
  acceptStep(userId: string, factorId: string, step: number, gate: ThrottleGate): Promise<{ outcome: 'accepted' | 'used' } | Throttled>;
  /** Atomically, unless the user must wait: deletes one unused recovery code and clears the failure counter. */
  consumeRecoveryCode(userId: string, hash: string, gate: ThrottleGate): Promise<{ outcome: 'consumed' | 'unknown' } | Throttled>;
  /**
   * Atomically, unless the user must wait: counts one more consecutive failure and returns the
   * count. Every wrong code goes through here, so however many guesses arrive at once, only
   * the free ones are ever answered with anything but `throttled`.
   */
  recordFailure(userId: string, gate: ThrottleGate): Promise<{ outcome: 'counted'; failures: number } | Throttled>;
  /** Re-seals a factor's secret (key rotation); does nothing when the factor has changed. */
  resealFactor(userId: string, factorId: string, sealedSecret: string): Promise<void>;
  countRecoveryCodes(userId: string): Promise<number>;
  /** Replaces every recovery code of a user who has a factor; false (nothing stored) when none. */
  replaceRecoveryCodes(userId: string, hashes: string[]): Promise<boolean>;
  /** Deletes the factor, any pending enrolment, the recovery codes and the failure counter. */
  deleteUser(userId: string): Promise<{ hadFactor: boolean }>;
  close(): Promise<void>;
}
