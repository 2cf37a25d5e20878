/**
 * A request's failure as the contract spells it (`{error: {code, message}}` with the status from
 * `API_ERROR_STATUS`), and the one way responses are built.
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

/** What an endpoint answers, before the shared headers are added. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; extra?: Headers };

export function errorReply(error: ApiError): Reply {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  if (error.retryAfterS === undefined) return { status: error.status, body };
  body.error.retryAfter = error.retryAfterS;
  return { status: error.status, body, headers: { 'Retry-After': String(error.retryAfterS) } };
}

/**
 * Builds the Response: JSON body, `Cache-Control: no-store` and nosniff always, plus `shared`
 * (CORS). Plain-object headers keep adapters such as @hono/node-server on their fast path;
 * `extra` (the site's onVerified headers, which may repeat Set-Cookie) is appended last.
 */
export function toResponse(reply: Reply, shared: Record<string, string>): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...shared, ...reply.headers };
  let body: string | null = null;
  if (reply.body !== undefined) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(reply.body);
  }
  if (!reply.extra) return new Response(body, { status: reply.status, headers });
  const all = new Headers(headers);
  reply.extra.forEach((value, name) => all.append(name, value));
  return new Response(body, { status: reply.status, headers: all });
}
