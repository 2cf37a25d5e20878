/**
 * The HTTP face of the rules: one web-standard `Request -> Response` handler under the base path.
 * In order: route (404/405), CORS preflight, Origin check on state-changing requests (403), body
 * (415/413/400), session and its stage (401), then the rule itself. Every response carries
 * `Cache-Control: no-store`, and CORS headers only for allowed origins.
 */
import { API_PATHS, type ApiErrorCode } from '../../shared/protocol/two-factor-api';
import { ApiError, baseHeaders, errorResponse, jsonResponse } from './api-error';
import { readRequestBody, type BodyShape, type ParsedBody } from './read-request-body';
import type { TwoFactorRules } from './two-factor-rules';

export type Session = { userId: string; accountName: string; stage: 'password' | 'full'; authenticatedAt: number };

/** Who may call an endpoint: a half-signed-in session, any full one, or a recently authenticated full one. */
type Access = 'password' | 'full' | 'fresh';

type Route = {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  access: Access;
  body: BodyShape;
  run(ctx: { request: Request; session: Session; body: ParsedBody; params: string[] }): Promise<Response>;
};

export type HandlerDeps = {
  rules: TwoFactorRules;
  basePath: string;
  allowedOrigins: readonly string[];
  freshAuthMs: number;
  now: () => number;
  authenticate(request: Request): Promise<Session | null>;
  onVerified?(request: Request, userId: string): Promise<HeadersInit | void>;
};

const ID = '([^/]+)';

export function createHandler(deps: HandlerDeps): (request: Request) => Promise<Response | null> {
  const { rules } = deps;
  const base = deps.basePath.replace(/\/+$/, '');
  const allowed = new Set(deps.allowedOrigins);
  const exact = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`);

  const routes: Route[] = [
    {
      method: 'GET',
      path: exact(API_PATHS.status),
      access: 'full',
      body: 'none',
      run: async ({ session }) => jsonResponse(200, await rules.status(session.userId)),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.enrollments),
      access: 'fresh',
      body: 'create-enrollment',
      run: async ({ session, body }) => jsonResponse(201, await rules.createEnrollment(session, body)),
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${API_PATHS.enrollments}/${ID}/?$`),
      access: 'full',
      body: 'none',
      run: async ({ session, params }) => {
        await rules.cancelEnrollment(session.userId, params[0]!);
        return new Response(null, { status: 204, headers: baseHeaders() });
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${API_PATHS.enrollments}/${ID}/confirm/?$`),
      access: 'fresh',
      body: 'code',
      run: async ({ session, body, params }) => jsonResponse(200, await rules.confirmEnrollment(session.userId, params[0]!, body.code!)),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.disable),
      access: 'fresh',
      body: 'code',
      run: async ({ session, body }) => jsonResponse(200, await rules.disable(session.userId, body.code!)),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.recoveryCodes),
      access: 'fresh',
      body: 'code',
      run: async ({ session, body }) => jsonResponse(200, await rules.regenerateRecoveryCodes(session.userId, body.code!)),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.verify),
      access: 'password',
      body: 'code',
      run: async ({ request, session, body }) => {
        await rules.verify(session.userId, body.code!);
        const headers = baseHeaders();
        const extra = await deps.onVerified?.(request, session.userId);
        if (extra) new Headers(extra).forEach((value, name) => headers.append(name, value));
        return jsonResponse(200, { ok: true }, headers);
      },
    },
  ];

  function withCors(response: Response, origin: string | null): Response {
    response.headers.append('Vary', 'Origin');
    if (origin !== null && allowed.has(origin)) {
      response.headers.set('Access-Control-Allow-Origin', origin);
      response.headers.set('Access-Control-Allow-Credentials', 'true');
    }
    return response;
  }

  function requireAccess(session: Session | null, access: Access): Session {
    if (!session) throw new ApiError('unauthenticated', 'Sign in first.');
    if (access === 'password') {
      if (session.stage !== 'password') {
        throw new ApiError('bad_request', 'This session is already fully signed in; /verify is only for the second step of signing in.');
      }
      return session;
    }
    if (session.stage !== 'full') throw new ApiError('unauthenticated', 'Finish signing in (enter your two-factor code) first.');
    if (access === 'fresh' && deps.now() - session.authenticatedAt > deps.freshAuthMs) {
      throw new ApiError('reauthentication_required', 'For your security, confirm your password again to change two-factor settings.');
    }
    return session;
  }

  return async function handle(request: Request): Promise<Response | null> {
    const url = new URL(request.url);
    if (url.pathname !== base && !url.pathname.startsWith(base + '/')) return null;
    const rest = url.pathname.slice(base.length);
    const origin = request.headers.get('origin');
    try {
      const matching = routes.filter((r) => r.path.test(rest));
      if (matching.length === 0) throw new ApiError('not_found', `There is no two-factor endpoint at ${url.pathname}.`);
      if (request.method === 'OPTIONS') return preflight(origin, matching);
      const route = matching.find((r) => r.method === request.method);
      if (!route) {
        const response = errorResponse(new ApiError('method_not_allowed', `${url.pathname} does not accept ${request.method}.`));
        response.headers.set('Allow', allowHeader(matching));
        return withCors(response, origin);
      }
      if (route.method !== 'GET' && (origin === null || !allowed.has(origin))) {
        throw new ApiError('forbidden_origin', 'This request comes from a page that is not allowed to change two-factor settings.');
      }
      const body = await readRequestBody(request, route.body);
      const session = requireAccess(await deps.authenticate(request), route.access);
      const params = route.path.exec(rest)!.slice(1).map(decodeParam);
      return withCors(await route.run({ request, session, body, params }), origin);
    } catch (error) {
      return withCors(errorResponse(toApiError(error)), origin);
    }
  };

  function preflight(origin: string | null, matching: Route[]): Response {
    if (origin === null || !allowed.has(origin)) {
      throw new ApiError('forbidden_origin', 'This origin is not allowed to call the two-factor API.');
    }
    const headers = baseHeaders();
    headers.set('Access-Control-Allow-Methods', allowHeader(matching));
    headers.set('Access-Control-Allow-Headers', 'Content-Type');
    headers.set('Access-Control-Max-Age', '600');
    return withCors(new Response(null, { status: 204, headers }), origin);
  }
}

function allowHeader(routes: Route[]): string {
  const methods = new Set(routes.map((r) => r.method));
  return [...methods].join(', ');
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError('enrollment_not_found', 'There is no pending setup with that id.');
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // Log the kind of failure only: a message from deep inside could quote request data.
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  console.error(`two-factor: internal error (${name}${typeof code === 'string' ? `: ${code}` : ''})`);
  const internal: ApiErrorCode = 'internal_error';
  return new ApiError(internal, 'Something went wrong on the server. Try again; if it keeps failing, contact support.');
}
