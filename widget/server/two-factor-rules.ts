/**
 * The server rules of docs/http-api.md, independent of HTTP: the state table,
 * code checks with replay protection and the shared failure throttle, make-before-break reset,
 * recovery codes. Each operation either returns the contract's response body or throws an
 * `ApiError`; `handle-request.ts` maps both onto HTTP.
 */
import { randomBytes } from 'node:crypto';
import {
  RECOVERY_CODE_COUNT,
  type ConfirmEnrollmentResponse,
  type DisableResponse,
  type Enrollment,
  type RegenerateRecoveryCodesResponse,
  type StatusResponse,
} from '../../shared/protocol/two-factor-api';
import { formatKeyUri, generateSecret, verifyCode, type OtpParams } from '../../shared/otp';
import { ApiError } from './api-error';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';
import type { SecretBox } from './secret-box';
import { FREE_FAILURES, LOCK_AFTER_FAILURES, throttleWaitMs } from './throttle-policy';
import type { TwoFactorEvent } from './two-factor-event';
import type { LockingGate, StoredEnrollment, StoredFactor, ThrottleGate, TwoFactorStore } from './two-factor-store';

/** Pending enrolments expire after this long (docs/http-api.md: 10 minutes). */
export const ENROLLMENT_TTL_MS = 10 * 60_000;
/** 160 bits (RFC 4226 s.4 recommends 160). */
const SECRET_BYTES = 20;
/** What every authenticator app honours. */
const ISSUED = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One step either side (RFC 6238 s.5.2). */
const WINDOW = 1;

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: 'invalid_code' }
  | { ok: false; reason: 'throttled'; retryAfterS: number }
  /** `LOCK_AFTER_FAILURES` failures in a row: authenticator codes are refused until a recovery code is used. */
  | { ok: false; reason: 'locked' };

export type RulesDeps = {
  store: TwoFactorStore;
  box: SecretBox;
  issuer: string;
  now: () => number;
  emit: (type: TwoFactorEvent['type'], userId: string) => void;
};

export type TwoFactorRules = ReturnType<typeof createRules>;

export function createRules({ store, box, issuer, now, emit }: RulesDeps) {
  function enrollmentBody(enrollment: StoredEnrollment): Enrollment {
    const secret = box.open(enrollment.sealedSecret, enrollment.userId).secret;
    const params = otpParams(enrollment, secret, enrollment.issuer, enrollment.account);
    return {
      id: enrollment.id,
      otpauthUri: formatKeyUri(params),
      secret,
      issuer: enrollment.issuer,
      account: enrollment.account,
      algorithm: enrollment.algorithm,
      digits: enrollment.digits,
      period: enrollment.period,
      expiresAt: iso(enrollment.expiresAt),
    };
  }

  async function requireFactor(userId: string): Promise<StoredFactor> {
    const factor = await store.getFactor(userId);
    if (!factor) throw new ApiError('not_enabled', 'Two-factor authentication is not turned on for this account.');
    return factor;
  }

  /**
   * Checks a current TOTP code (single use per factor: compare-and-set of the last step) or an
   * unused recovery code (deleted on use). The store applies the throttle in the same atomic
   * step that accepts a code or counts a failure, so a waiting user learns nothing, right code
   * or not, and a burst of parallel guesses gets no more answers than the free ones. After
   * `LOCK_AFTER_FAILURES` failures in a row every TOTP code is refused (`locked`, right or wrong,
   * uncounted) while recovery codes still work, throttled: NIST SP 800-63B-4 s.3.2.2's limit
   * without a lock the owner cannot lift.
   */
  async function checkCode(userId: string, factor: StoredFactor, code: string): Promise<CodeCheck> {
    const gate: ThrottleGate = { now: now(), waitMs: throttleWaitMs };
    const digits = totpDigits(code);
    if (digits !== null) {
      const totpGate: LockingGate = { ...gate, lockAfter: LOCK_AFTER_FAILURES };
      const opened = box.open(factor.sealedSecret, userId);
      const step = verifyCode(otpParams(factor, opened.secret), digits, {
        timestampMs: gate.now,
        window: WINDOW,
        ...(factor.lastStep === null ? {} : { afterStep: factor.lastStep }),
      });
      if (step !== null) {
        const result = await store.acceptStep(userId, factor.id, step, totpGate);
        if (result.outcome === 'locked') return LOCKED;
        if (result.outcome === 'throttled') return throttled(result.retryAt, gate.now);
        if (result.outcome === 'accepted') {
          if (opened.stale) await store.resealFactor(userId, factor.id, box.seal(opened.secret, userId));
          return { ok: true };
        }
      }
      return countFailure(userId, totpGate);
    } else {
      const normalized = normalizeRecoveryCode(code);
      if (normalized !== null) {
        const result = await store.consumeRecoveryCode(userId, hashRecoveryCode(normalized), gate);
        if (result.outcome === 'throttled') return throttled(result.retryAt, gate.now);
        if (result.outcome === 'consumed') {
          emit('recovery_code_used', userId);
          return { ok: true };
        }
      }
    }
    return countFailure(userId, gate);
  }

  /** Counts a wrong code; `throttled` when the user was already waiting, `locked` (uncounted) past the limit. */
  async function countFailure(userId: string, gate: LockingGate): Promise<Exclude<CodeCheck, { ok: true }>> {
    const failure = await store.recordFailure(userId, gate);
    if (failure.outcome === 'locked') return LOCKED;
    if (failure.outcome === 'throttled') return throttled(failure.retryAt, gate.now);
    // The store counts atomically, so exactly one failure reaches the limit and tells the site.
    if (failure.failures === LOCK_AFTER_FAILURES) emit('locked', userId);
    else if (failure.failures >= FREE_FAILURES) emit('throttled', userId);
    return { ok: false, reason: 'invalid_code' };
  }

  async function requireCode(userId: string, factor: StoredFactor, code: string): Promise<void> {
    const result = await checkCode(userId, factor, code);
    if (!result.ok) throw codeError(result);
  }

  return {
    checkCode,

    async status(userId: string): Promise<StatusResponse> {
      const [factor, enrollment, recoveryCodesLeft] = await Promise.all([
        store.getFactor(userId),
        store.getEnrollment(userId),
        store.countRecoveryCodes(userId),
      ]);
      const pending = enrollment && enrollment.expiresAt > now() ? enrollment : null;
      return {
        state: factor ? 'enabled' : 'disabled',
        enabledAt: factor ? iso(factor.enabledAt) : null,
        // Only the id and expiry: the secret left once, in the POST /enrollments response.
        pendingEnrollment: pending ? { id: pending.id, expiresAt: iso(pending.expiresAt) } : null,
        recoveryCodesLeft: factor ? recoveryCodesLeft : 0,
      };
    },

    /** `POST /enrollments`: a first enrolment, or (with a current code) a replacement. */
    async createEnrollment(user: { userId: string; accountName: string }, body: { code?: string; restart?: boolean }): Promise<Enrollment> {
      const factor = await store.getFactor(user.userId);
      if (factor) {
        if (body.code === undefined) {
          throw new ApiError('code_required', 'Two-factor authentication is on: enter a current code (or a recovery code) to set up a new token.');
        }
        await requireCode(user.userId, factor, body.code);
      }
      const at = now();
      const secret = generateSecret(SECRET_BYTES);
      const candidate: StoredEnrollment = {
        id: randomBytes(16).toString('base64url'),
        userId: user.userId,
        // The store keeps it only while the factor is still this one (see StoredEnrollment).
        replacesFactorId: factor?.id ?? null,
        sealedSecret: box.seal(secret, user.userId),
        issuer,
        account: user.accountName,
        ...ISSUED,
        createdAt: at,
        expiresAt: at + ENROLLMENT_TTL_MS,
      };
      const saved = await store.saveEnrollment(candidate, { replace: body.restart === true, now: at });
      if (saved.outcome === 'factor_changed') {
        // A confirm, reset or disable landed between our read of the factor and the save.
        throw factor
          ? new ApiError('not_enabled', 'Two-factor authentication changed meanwhile (turned off or reset elsewhere). Reload the page and start again.')
          : new ApiError('already_enabled', 'Two-factor authentication was turned on meanwhile. Reload the page to see it.');
      }
      return enrollmentBody(saved.enrollment);
    },

    /** `POST /enrollments/{id}/confirm`: the first code from the new secret activates it. */
    async confirmEnrollment(userId: string, enrollmentId: string, code: string): Promise<ConfirmEnrollmentResponse> {
      const enrollment = await store.getEnrollment(userId);
      if (!enrollment || enrollment.id !== enrollmentId) throw notFound();
      const at = now();
      if (enrollment.expiresAt <= at) {
        await store.deleteEnrollment(userId, enrollmentId);
        throw expired();
      }
      const gate: ThrottleGate = { now: at, waitMs: throttleWaitMs };
      const digits = totpDigits(code);
      const secret = box.open(enrollment.sealedSecret, userId).secret;
      const step = digits === null ? null : verifyCode(otpParams(enrollment, secret), digits, { timestampMs: at, window: WINDOW });
      if (step === null) {
        const failure = await countFailure(userId, gate);
        if (failure.reason === 'throttled') throw codeError(failure);
        throw new ApiError('invalid_code', 'That code does not match the new key. Enter the current 6-digit code from your authenticator app.');
      }
      const recoveryCodes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
      const result = await store.activateEnrollment({
        userId,
        enrollmentId,
        acceptedStep: step,
        recoveryCodeHashes: recoveryCodes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)),
        gate,
      });
      if (result.outcome === 'throttled') throw codeError(throttled(result.retryAt, at));
      // factor_changed: made for a factor that is no longer the user's; the store deleted it.
      if (result.outcome === 'not_found' || result.outcome === 'factor_changed') throw notFound();
      if (result.outcome === 'expired') throw expired();
      emit(result.firstEnable ? 'enabled' : 'reset', userId);
      const response: ConfirmEnrollmentResponse = { state: 'enabled', enabledAt: iso(result.enabledAt) };
      if (result.firstEnable) response.recoveryCodes = recoveryCodes;
      return response;
    },

    /** `DELETE /enrollments/{id}`: drops a pending enrolment; the active factor is untouched. */
    async cancelEnrollment(userId: string, enrollmentId: string): Promise<void> {
      if (!(await store.deleteEnrollment(userId, enrollmentId))) throw notFound();
    },

    async disable(userId: string, code: string): Promise<DisableResponse> {
      const factor = await requireFactor(userId);
      await requireCode(userId, factor, code);
      await store.deleteUser(userId);
      emit('disabled', userId);
      return { state: 'disabled' };
    },

    async verify(userId: string, code: string): Promise<void> {
      const factor = await requireFactor(userId);
      await requireCode(userId, factor, code);
    },

    async regenerateRecoveryCodes(userId: string, code: string): Promise<RegenerateRecoveryCodesResponse> {
      const factor = await requireFactor(userId);
      await requireCode(userId, factor, code);
      const recoveryCodes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
      const replaced = await store.replaceRecoveryCodes(
        userId,
        recoveryCodes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)),
      );
      if (!replaced) throw new ApiError('not_enabled', 'Two-factor authentication was turned off meanwhile; no recovery codes were issued.');
      emit('recovery_codes_regenerated', userId);
      return { recoveryCodes };
    },

    /** The support desk's other way out: clears the failure counter (its wait and its lock); the factor stays. */
    async resetThrottle(userId: string): Promise<void> {
      await store.resetFailures(userId);
    },

    /** The support desk's way out: removes everything, whatever the user can or cannot prove. */
    async disableFor(userId: string): Promise<void> {
      const { hadFactor } = await store.deleteUser(userId);
      if (hadFactor) emit('disabled', userId);
    },
  };
}

const LOCKED = { ok: false, reason: 'locked' } as const;

export function codeError(result: Exclude<CodeCheck, { ok: true }>): ApiError {
  if (result.reason === 'locked') {
    return new ApiError(
      'locked',
      `Codes from the authenticator app are refused after ${LOCK_AFTER_FAILURES} wrong codes in a row. Enter one of your recovery codes, or ask the site's support to unlock your account.`,
    );
  }
  if (result.reason === 'throttled') {
    return new ApiError('throttled', `Too many wrong codes. Try again in ${result.retryAfterS} seconds.`, result.retryAfterS);
  }
  return new ApiError('invalid_code', 'That code is not valid. Enter the current code from your authenticator app, or an unused recovery code.');
}

function otpParams(
  factor: Pick<StoredFactor, 'algorithm' | 'digits' | 'period'>,
  secret: string,
  issuer = '',
  account = 'user',
): OtpParams {
  return { type: 'totp', secret, algorithm: factor.algorithm, digits: factor.digits, period: factor.period, counter: 0, issuer, account };
}

/** The digits of a TOTP code as typed ("123 456" allowed), or null when it is not all digits. */
function totpDigits(code: string): string | null {
  const digits = code.replace(/\s+/g, '');
  return /^\d{1,10}$/.test(digits) ? digits : null;
}

function throttled(retryAt: number, now: number): { ok: false; reason: 'throttled'; retryAfterS: number } {
  return { ok: false, reason: 'throttled', retryAfterS: Math.max(1, Math.ceil((retryAt - now) / 1000)) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function notFound(): ApiError {
  return new ApiError('enrollment_not_found', 'This setup is no longer pending (finished, cancelled or replaced). Start again.');
}

function expired(): ApiError {
  return new ApiError('enrollment_expired', 'This setup expired after 10 minutes. Start again to get a new QR code.');
}
