/**
 * A request's failure as the contract spells it (`{error: {code, message}}` with the status from
 * `API_ERROR_STATUS`), and the JSON responses every endpoint sends.
 */
import { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode } from '../../shared/protocol/two-factor-api';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** For `throttled`: whole seconds until another attempt is allowed. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

/** Headers on every response: nothing here may be cached or sniffed. */
export function baseHeaders(): Headers {
  return new Headers({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
}

export function jsonResponse(status: number, body: unknown, headers = baseHeaders()): Response {
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorResponse(error: ApiError, headers = baseHeaders()): Response {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  if (error.retryAfterS !== undefined) {
    body.error.retryAfter = error.retryAfterS;
    headers.set('Retry-After', String(error.retryAfterS));
  }
  return jsonResponse(error.status, body, headers);
}
