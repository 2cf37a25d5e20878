/**
 * The HTTP face of the rules: one web-standard `Request -> Response` handler under the base path.
 * In order: route (404/405), CORS preflight, Origin check on state-changing requests (403), body
 * (415/413/400), session and its stage (401), then the rule itself. Every response carries
 * `Cache-Control: no-store`, and CORS headers only for allowed origins.
 */
import { API_PATHS } from '../../shared/protocol/two-factor-api';
import { ApiError, errorReply, toResponse, type Reply } from './api-error';
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
  run(ctx: { request: Request; session: Session; body: ParsedBody; params: string[] }): Promise<Reply>;
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
const exact = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`);

export function createHandler(deps: HandlerDeps): (request: Request) => Promise<Response | null> {
  const { rules } = deps;
  const base = deps.basePath.replace(/\/+$/, '');
  const allowed = new Set(deps.allowedOrigins);

  const routes: Route[] = [
    {
      method: 'GET',
      path: exact(API_PATHS.status),
      access: 'full',
      body: 'none',
      run: async ({ session }) => ({ status: 200, body: await rules.status(session.userId) }),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.enrollments),
      access: 'fresh',
      body: 'create-enrollment',
      run: async ({ session, body }) => ({ status: 201, body: await rules.createEnrollment(session, body) }),
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${API_PATHS.enrollments}/${ID}/?$`),
      access: 'full',
      body: 'none',
      run: async ({ session, params }) => {
        await rules.cancelEnrollment(session.userId, params[0]!);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${API_PATHS.enrollments}/${ID}/confirm/?$`),
      access: 'fresh',
      body: 'code',
      run: async ({ session, body, params }) => ({ status: 200, body: await rules.confirmEnrollment(session.userId, params[0]!, body.code!) }),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.disable),
      access: 'fresh',
      body: 'code',
      run: async ({ session, body }) => ({ status: 200, body: await rules.disable(session.userId, body.code!) }),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.recoveryCodes),
      access: 'fresh',
      body: 'code',
      run: async ({ session, body }) => ({ status: 200, body: await rules.regenerateRecoveryCodes(session.userId, body.code!) }),
    },
    {
      method: 'POST',
      path: exact(API_PATHS.verify),
      access: 'password',
      body: 'code',
      run: async ({ request, session, body }) => {
        await rules.verify(session.userId, body.code!);
        const extra = await deps.onVerified?.(request, session.userId);
        return extra ? { status: 200, body: { ok: true }, extra: new Headers(extra) } : { status: 200, body: { ok: true } };
      },
    },
  ];

  function corsHeaders(origin: string | null): Record<string, string> {
    if (origin === null || !allowed.has(origin)) return { Vary: 'Origin' };
    return { Vary: 'Origin', 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' };
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

  async function answer(request: Request, rest: string, pathname: string, origin: string | null): Promise<Reply> {
    const matching = routes.filter((r) => r.path.test(rest));
    if (matching.length === 0) throw new ApiError('not_found', `There is no two-factor endpoint at ${pathname}.`);
    if (request.method === 'OPTIONS') return preflight(origin, matching);
    const route = matching.find((r) => r.method === request.method);
    if (!route) {
      const reply = errorReply(new ApiError('method_not_allowed', `${pathname} does not accept ${request.method}.`));
      return { ...reply, headers: { ...reply.headers, Allow: allowHeader(matching) } };
    }
    if (route.method !== 'GET' && (origin === null || !allowed.has(origin))) {
      throw new ApiError('forbidden_origin', 'This request comes from a page that is not allowed to change two-factor settings.');
    }
    const body = await readRequestBody(request, route.body);
    const session = requireAccess(await deps.authenticate(request), route.access);
    const params = route.path.exec(rest)!.slice(1).map(decodeParam);
    return route.run({ request, session, body, params });
  }

  function preflight(origin: string | null, matching: Route[]): Reply {
    if (origin === null || !allowed.has(origin)) {
      throw new ApiError('forbidden_origin', 'This origin is not allowed to call the two-factor API.');
    }
    return {
      status: 204,
      headers: { 'Access-Control-Allow-Methods': allowHeader(matching), 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' },
    };
  }

  return async function handle(request: Request): Promise<Response | null> {
    const pathname = pathOf(request.url);
    if (pathname !== base && !pathname.startsWith(base + '/')) return null;
    const origin = request.headers.get('origin');
    let reply: Reply;
    try {
      reply = await answer(request, pathname.slice(base.length), pathname, origin);
    } catch (error) {
      reply = errorReply(toApiError(error));
    }
    return toResponse(reply, corsHeaders(origin));
  };
}

/** The path of an absolute URL, without parsing all of it (this runs on every request). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

function allowHeader(routes: Route[]): string {
  return [...new Set(routes.map((r) => r.method))].join(', ');
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
  return new ApiError('internal_error', 'Something went wrong on the server. Try again; if it keeps failing, contact support.');
}
