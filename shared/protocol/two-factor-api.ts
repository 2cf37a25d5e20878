/**
 * The widget's HTTP contract (docs/http-api.md): every request and response
 * body that crosses between widget/element and widget/server. Both sides import these types;
 * no other module spells an endpoint or an error code.
 */

/** The base path a site mounts the API on unless it chooses another. */
export const DEFAULT_BASE_PATH = '/api/2fa';
/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 4096;
/** Number of recovery codes issued at first enable and on regeneration. */
export const RECOVERY_CODE_COUNT = 10;

export type TwoFactorState = 'disabled' | 'enabled';

/** A pending enrolment: the only response that ever carries the secret. */
export type Enrollment = {
  id: string;
  otpauthUri: string;
  /** Base32, for the "Can't scan it?" manual key. */
  secret: string;
  issuer: string;
  account: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
  /** ISO-8601. */
  expiresAt: string;
};

/**
 * What `GET {base}` says about a pending enrolment. Never its secret or URI: a secret leaves
 * the server once, in the `POST {base}/enrollments` response (which needs a fresh session).
 */
export type PendingEnrollmentSummary = {
  id: string;
  /** ISO-8601. */
  expiresAt: string;
};

/** `GET {base}` */
export type StatusResponse = {
  state: TwoFactorState;
  /** ISO-8601, or null while disabled. */
  enabledAt: string | null;
  pendingEnrollment: PendingEnrollmentSummary | null;
  recoveryCodesLeft: number;
};

/** `POST {base}/enrollments`: `{}` while disabled; `{code}` (current or recovery) to reset. */
export type CreateEnrollmentRequest = { code?: string; restart?: boolean };
export type CreateEnrollmentResponse = Enrollment;

/** `POST {base}/enrollments/{id}/confirm` */
export type ConfirmEnrollmentRequest = { code: string };
export type ConfirmEnrollmentResponse = {
  state: 'enabled';
  enabledAt: string;
  /** Present only when this confirmation enabled two-factor authentication for the first time. */
  recoveryCodes?: string[];
};

/** `POST {base}/disable` */
export type DisableRequest = { code: string };
export type DisableResponse = { state: 'disabled' };

/** `POST {base}/verify` (sign-in second step, `password` sessions only) */
export type VerifyRequest = { code: string };
export type VerifyResponse = { ok: true };

/** `POST {base}/recovery-codes` */
export type RegenerateRecoveryCodesRequest = { code: string };
export type RegenerateRecoveryCodesResponse = { recoveryCodes: string[] };

export type ApiErrorCode =
  | 'bad_request'
  | 'code_required'
  | 'unauthenticated'
  | 'reauthentication_required'
  | 'forbidden_origin'
  | 'enrollment_not_found'
  | 'already_enabled'
  | 'not_enabled'
  | 'enrollment_expired'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_code'
  | 'throttled'
  /** 100 wrong codes in a row: TOTP codes are refused until a recovery code is used (or support unlocks). */
  | 'locked'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal_error';

/** Every error response: `{error: {code, message}}`. 429 also sets `Retry-After` (seconds). */
export type ApiErrorBody = {
  error: {
    code: ApiErrorCode;
    message: string;
    /** Seconds until another attempt is allowed (429 only; mirrors `Retry-After`). */
    retryAfter?: number;
  };
};

/** The HTTP status each error code is sent with. */
export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  code_required: 400,
  unauthenticated: 401,
  reauthentication_required: 401,
  forbidden_origin: 403,
  not_found: 404,
  enrollment_not_found: 404,
  method_not_allowed: 405,
  already_enabled: 409,
  not_enabled: 409,
  enrollment_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_code: 422,
  locked: 423,
  throttled: 429,
  internal_error: 500,
};

/** The endpoints, relative to the base path, so neither side spells a path by hand. */
export const API_PATHS = {
  status: '',
  enrollments: '/enrollments',
  enrollment: (id: string) => `/enrollments/${encodeURIComponent(id)}`,
  confirm: (id: string) => `/enrollments/${encodeURIComponent(id)}/confirm`,
  disable: '/disable',
  verify: '/verify',
  recoveryCodes: '/recovery-codes',
} as const;
