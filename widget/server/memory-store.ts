/**
 * An in-memory `TwoFactorStore` for tests and examples. Each method runs to completion without
 * awaiting, so JavaScript's single thread makes every step atomic. Records are copied in and out
 * so callers can never edit stored state by accident.
 */
import type { ActivationInput, ActivationResult, AttemptClaim, StoredEnrollment, StoredFactor, TwoFactorStore } from './two-factor-store';

type Failures = { count: number; lastAt: number };

export function memoryStore(): TwoFactorStore {
  const factors = new Map<string, StoredFactor>();
  const enrollments = new Map<string, StoredEnrollment>();
  const recoveryCodes = new Map<string, Set<string>>();
  const failures = new Map<string, Failures>();

  return {
    async getFactor(userId) {
      const factor = factors.get(userId);
      return factor ? { ...factor } : null;
    },
    async getEnrollment(userId) {
      const enrollment = enrollments.get(userId);
      return enrollment ? { ...enrollment } : null;
    },
    async saveEnrollment(enrollment, { replace, now }) {
      const existing = enrollments.get(enrollment.userId);
      if (existing && !replace && existing.expiresAt > now) return { ...existing };
      enrollments.set(enrollment.userId, { ...enrollment });
      return { ...enrollment };
    },
    async deleteEnrollment(userId, enrollmentId) {
      if (enrollments.get(userId)?.id !== enrollmentId) return false;
      enrollments.delete(userId);
      return true;
    },
    async activateEnrollment(input: ActivationInput): Promise<ActivationResult> {
      const enrollment = enrollments.get(input.userId);
      if (!enrollment || enrollment.id !== input.enrollmentId) return { outcome: 'not_found' };
      enrollments.delete(input.userId);
      if (enrollment.expiresAt <= input.now) return { outcome: 'expired' };
      const old = factors.get(input.userId);
      const enabledAt = old ? old.enabledAt : input.now;
      factors.set(input.userId, {
        id: enrollment.id,
        userId: input.userId,
        sealedSecret: enrollment.sealedSecret,
        algorithm: enrollment.algorithm,
        digits: enrollment.digits,
        period: enrollment.period,
        lastStep: input.acceptedStep,
        enabledAt,
      });
      if (!old) recoveryCodes.set(input.userId, new Set(input.recoveryCodeHashes));
      return { outcome: 'activated', firstEnable: !old, enabledAt };
    },
    async acceptStep(userId, factorId, step) {
      const factor = factors.get(userId);
      if (!factor || factor.id !== factorId) return false;
      if (factor.lastStep !== null && factor.lastStep >= step) return false;
      factor.lastStep = step;
      return true;
    },
    async resealFactor(userId, factorId, sealedSecret) {
      const factor = factors.get(userId);
      if (factor && factor.id === factorId) factor.sealedSecret = sealedSecret;
    },
    async countRecoveryCodes(userId) {
      return recoveryCodes.get(userId)?.size ?? 0;
    },
    async consumeRecoveryCode(userId, hash) {
      return recoveryCodes.get(userId)?.delete(hash) ?? false;
    },
    async replaceRecoveryCodes(userId, hashes) {
      if (!factors.has(userId)) return false;
      recoveryCodes.set(userId, new Set(hashes));
      return true;
    },
    async claimAttempt(userId, now, waitMs): Promise<AttemptClaim> {
      const current = failures.get(userId) ?? { count: 0, lastAt: 0 };
      const retryAt = current.lastAt + waitMs(current.count);
      if (current.count > 0 && now < retryAt) return { allowed: false, retryAt };
      failures.set(userId, { count: current.count + 1, lastAt: now });
      return { allowed: true, failures: current.count + 1 };
    },
    async clearFailures(userId) {
      failures.delete(userId);
    },
    async deleteUser(userId) {
      const hadFactor = factors.delete(userId);
      enrollments.delete(userId);
      recoveryCodes.delete(userId);
      failures.delete(userId);
      return { hadFactor };
    },
    async close() {},
  };
}
