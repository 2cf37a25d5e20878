/**
 * The widget's side of the HTTP contract (shared/protocol/two-factor-api.ts): one function per
 * endpoint, JSON in and out, and one error class for every way a request can fail.
 */
import {
  API_PATHS,
  type ApiErrorBody,
  type ApiErrorCode,
  type ConfirmEnrollmentResponse,
  type CreateEnrollmentRequest,
  type DisableResponse,
  type Enrollment,
  type RegenerateRecoveryCodesResponse,
  type StatusResponse,
  type VerifyResponse,
} from '../../shared/protocol/two-factor-api';

/**
 * `network_error`: no HTTP response at all (offline, DNS, CORS refused). `bad_redirect`: the
 * code was accepted but the challenge's `redirect` is not http(s) on the page's origin, so the
 * page stays (status 0).
 */
export type WidgetErrorCode = ApiErrorCode | 'network_error' | 'bad_redirect';

/** A request that did not succeed; `code` is stable, `status` is 0 without a response. */
export class TwoFactorApiError extends Error {
  override readonly name = 'TwoFactorApiError';
  constructor(
    readonly code: WidgetErrorCode,
    readonly status: number,
    /** Seconds until another attempt is allowed (throttled only). */
    readonly retryAfter = 0,
    options?: ErrorOptions,
  ) {
    super(`Two-factor request failed: ${code} (${status})`, options);
  }
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Binds the endpoints to a base path such as `/api/2fa`. */
export function apiClient(base: string) {
  async function call<T>(method: string, path: string, body?: object): Promise<T> {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        credentials: 'include',
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body && JSON.stringify(body),
      });
    } catch (cause) {
      throw new TwoFactorApiError('network_error', 0, 0, { cause });
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.ok) return data as T;
    const error = (data as ApiErrorBody | null)?.error;
    const retryAfter = Number(response.headers.get('Retry-After') ?? error?.retryAfter ?? 0) || 0;
    throw new TwoFactorApiError(
      error?.code ?? (response.status >= 500 ? 'internal_error' : 'bad_request'),
      response.status,
      retryAfter,
    );
  }
  return {
    status: () => call<StatusResponse>('GET', API_PATHS.status),
    enroll: (request: CreateEnrollmentRequest) => call<Enrollment>('POST', API_PATHS.enrollments, request),
    confirm: (id: string, code: string) => call<ConfirmEnrollmentResponse>('POST', API_PATHS.confirm(id), { code }),
    cancel: (id: string) => call<null>('DELETE', API_PATHS.enrollment(id)),
    disable: (code: string) => call<DisableResponse>('POST', API_PATHS.disable, { code }),
    verify: (code: string) => call<VerifyResponse>('POST', API_PATHS.verify, { code }),
    regenerate: (code: string) => call<RegenerateRecoveryCodesResponse>('POST', API_PATHS.recoveryCodes, { code }),
  };
}
