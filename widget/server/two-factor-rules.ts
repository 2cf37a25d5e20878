/**
 * The server rules of DESIGN.md ("Widget HTTP contract"), independent of HTTP: the state table,
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
import { FREE_FAILURES, throttleWaitMs } from './throttle-policy';
import type { TwoFactorEvent } from './two-factor-event';
import type { StoredEnrollment, StoredFactor, TwoFactorStore } from './two-factor-store';

/** Pending enrolments expire after this long (DESIGN.md: 10 minutes). */
export const ENROLLMENT_TTL_MS = 10 * 60_000;
/** 160 bits (RFC 4226 s.4 recommends 160). */
const SECRET_BYTES = 20;
/** What every authenticator app honours. */
const ISSUED = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One step either side (RFC 6238 s.5.2). */
const WINDOW = 1;

export type CodeCheck = { ok: true } | { ok: false; reason: 'invalid_code' } | { ok: false; reason: 'throttled'; retryAfterS: number };

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
   * unused recovery code (deleted on use). Every attempt counts against the user's one failure
   * counter until it succeeds.
   */
  async function checkCode(userId: string, factor: StoredFactor, code: string): Promise<CodeCheck> {
    const at = now();
    const claim = await store.claimAttempt(userId, at, throttleWaitMs);
    if (!claim.allowed) return { ok: false, reason: 'throttled', retryAfterS: secondsUntil(claim.retryAt, at) };
    let ok = false;
    const digits = totpDigits(code);
    if (digits !== null) {
      const opened = box.open(factor.sealedSecret, userId);
      const step = verifyCode(otpParams(factor, opened.secret), digits, {
        timestampMs: at,
        window: WINDOW,
        ...(factor.lastStep === null ? {} : { afterStep: factor.lastStep }),
      });
      if (step !== null) ok = await store.acceptStep(userId, factor.id, step);
      if (ok && opened.stale) await store.resealFactor(userId, factor.id, box.seal(opened.secret, userId));
    } else {
      const normalized = normalizeRecoveryCode(code);
      if (normalized !== null) ok = await store.consumeRecoveryCode(userId, hashRecoveryCode(normalized));
      if (ok) emit('recovery_code_used', userId);
    }
    if (ok) {
      await store.clearFailures(userId);
      return { ok: true };
    }
    if (claim.failures >= FREE_FAILURES) emit('throttled', userId);
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
        pendingEnrollment: pending ? enrollmentBody(pending) : null,
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
        sealedSecret: box.seal(secret, user.userId),
        issuer,
        account: user.accountName,
        ...ISSUED,
        createdAt: at,
        expiresAt: at + ENROLLMENT_TTL_MS,
      };
      const pending = await store.saveEnrollment(candidate, { replace: body.restart === true, now: at });
      return enrollmentBody(pending);
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
      const claim = await store.claimAttempt(userId, at, throttleWaitMs);
      if (!claim.allowed) throw codeError({ ok: false, reason: 'throttled', retryAfterS: secondsUntil(claim.retryAt, at) });
      const digits = totpDigits(code);
      const secret = box.open(enrollment.sealedSecret, userId).secret;
      const step = digits === null ? null : verifyCode(otpParams(enrollment, secret), digits, { timestampMs: at, window: WINDOW });
      if (step === null) {
        if (claim.failures >= FREE_FAILURES) emit('throttled', userId);
        throw new ApiError('invalid_code', 'That code does not match the new key. Enter the current 6-digit code from your authenticator app.');
      }
      const recoveryCodes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
      const result = await store.activateEnrollment({
        userId,
        enrollmentId,
        acceptedStep: step,
        now: at,
        recoveryCodeHashes: recoveryCodes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)),
      });
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'expired') throw expired();
      await store.clearFailures(userId);
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

    /** The support desk's way out: removes everything, whatever the user can or cannot prove. */
    async disableFor(userId: string): Promise<void> {
      const { hadFactor } = await store.deleteUser(userId);
      if (hadFactor) emit('disabled', userId);
    },
  };
}

export function codeError(result: Exclude<CodeCheck, { ok: true }>): ApiError {
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

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
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
