/**
 * An in-memory `TwoFactorStore` for tests and examples. Each method runs to completion without
 * awaiting, so JavaScript's single thread makes every step atomic. Records are copied in and out
 * so callers can never edit stored state by accident.
 */
import type { ActivationInput, ActivationResult, Locked, LockingGate, StoredEnrollment, StoredFactor, ThrottleGate, Throttled, TwoFactorStore } from './two-factor-store';

type Failures = { count: number; lastAt: number };

export function memoryStore(): TwoFactorStore {
  const factors = new Map<string, StoredFactor>();
  const enrollments = new Map<string, StoredEnrollment>();
  const recoveryCodes = new Map<string, Set<string>>();
  const failures = new Map<string, Failures>();

  /** The gate's answer when `userId` is locked (`gate.lockAfter`) or must still wait at `gate.now`, else null. */
  function gated(userId: string, gate: LockingGate): Throttled | Locked | null {
    const current = failures.get(userId);
    if (gate.lockAfter !== undefined && current && current.count >= gate.lockAfter) return { outcome: 'locked' };
    return throttled(userId, gate);
  }

  /** The throttle answer when `userId` must still wait at `gate.now`, else null. */
  function throttled(userId: string, gate: ThrottleGate): Throttled | null {
    const current = failures.get(userId);
    if (!current) return null;
    const retryAt = current.lastAt + gate.waitMs(current.count);
    return gate.now < retryAt ? { outcome: 'throttled', retryAt } : null;
  }

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
      const factorId = factors.get(enrollment.userId)?.id ?? null;
      if (factorId !== enrollment.replacesFactorId) return { outcome: 'factor_changed' };
      const existing = enrollments.get(enrollment.userId);
      if (existing && !replace && existing.expiresAt > now && existing.replacesFactorId === factorId) {
        return { outcome: 'pending', enrollment: { ...existing } };
      }
      enrollments.set(enrollment.userId, { ...enrollment });
      return { outcome: 'pending', enrollment: { ...enrollment } };
    },
    async deleteEnrollment(userId, enrollmentId) {
      if (enrollments.get(userId)?.id !== enrollmentId) return false;
      enrollments.delete(userId);
      return true;
    },
    async activateEnrollment(input: ActivationInput): Promise<ActivationResult> {
      const enrollment = enrollments.get(input.userId);
      if (!enrollment || enrollment.id !== input.enrollmentId) return { outcome: 'not_found' };
      const wait = throttled(input.userId, input.gate);
      if (wait) return wait;
      enrollments.delete(input.userId);
      if (enrollment.expiresAt <= input.gate.now) return { outcome: 'expired' };
      const old = factors.get(input.userId);
      if ((old?.id ?? null) !== enrollment.replacesFactorId) return { outcome: 'factor_changed' };
      const enabledAt = old ? old.enabledAt : input.gate.now;
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
      failures.delete(input.userId);
      return { outcome: 'activated', firstEnable: !old, enabledAt };
    },
    async acceptStep(userId, factorId, step, gate) {
      const wait = gated(userId, gate);
      if (wait) return wait;
      const factor = factors.get(userId);
      if (!factor || factor.id !== factorId || (factor.lastStep !== null && factor.lastStep >= step)) return { outcome: 'used' };
      factor.lastStep = step;
      failures.delete(userId);
      return { outcome: 'accepted' };
    },
    async consumeRecoveryCode(userId, hash, gate) {
      const wait = throttled(userId, gate);
      if (wait) return wait;
      if (!recoveryCodes.get(userId)?.delete(hash)) return { outcome: 'unknown' };
      failures.delete(userId);
      return { outcome: 'consumed' };
    },
    async recordFailure(userId, gate) {
      const wait = gated(userId, gate);
      if (wait) return wait;
      const count = (failures.get(userId)?.count ?? 0) + 1;
      failures.set(userId, { count, lastAt: gate.now });
      return { outcome: 'counted', failures: count };
    },
    async resetFailures(userId) {
      failures.delete(userId);
    },
    async resealFactor(userId, factorId, sealedSecret) {
      const factor = factors.get(userId);
      if (factor && factor.id === factorId) factor.sealedSecret = sealedSecret;
    },
    async countRecoveryCodes(userId) {
      return recoveryCodes.get(userId)?.size ?? 0;
    },
    async replaceRecoveryCodes(userId, hashes) {
      if (!factors.has(userId)) return false;
      recoveryCodes.set(userId, new Set(hashes));
      return true;
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
