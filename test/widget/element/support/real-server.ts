/**
 * Component tests talk to the real server library: the widget's `fetch` is routed to
 * `createTwoFactor({store: memoryStore()}).handle(request)`, with a clock and a session the
 * test controls (to make codes expire, enrolments lapse and sessions go stale).
 */
import { vi } from 'vitest';
import { generateCode, parseKeyUri } from '../../../../shared/otp';
import type { Enrollment } from '../../../../shared/protocol/two-factor-api';
import { createTwoFactor, generateEncryptionKey, memoryStore, type TwoFactorSession } from '../../../../widget/server/index';

export type RealServer = ReturnType<typeof realServer>;

export function realServer(options: { issuer?: string; accountName?: string; stage?: TwoFactorSession['stage'] } = {}) {
  const clock = { now: Date.UTC(2030, 0, 1, 12, 0, 0) };
  const session: TwoFactorSession = {
    userId: 'user-1',
    accountName: options.accountName ?? 'alice@example.com',
    stage: options.stage ?? 'full',
    authenticatedAt: clock.now,
  };
  const requests: string[] = [];
  let signedIn = true;
  const network = { online: true };
  const issued = new Map<string, Enrollment>();
  const twoFactor = createTwoFactor({
    store: memoryStore(),
    issuer: options.issuer ?? 'Demo Shop',
    encryptionKey: generateEncryptionKey(),
    allowedOrigins: [location.origin],
    authenticate: async () => (signedIn ? { ...session } : null),
    now: () => clock.now,
  });
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    // The one state the server cannot produce: no network at all. fetch() then rejects like this.
    if (!network.online) throw new TypeError('Failed to fetch');
    const request = new Request(new URL(input, location.href), init);
    // A browser adds Origin to every POST and DELETE and the handler insists on it (happy-dom's
    // constructor drops it as a forbidden header, so it is set afterwards).
    request.headers.set('Origin', location.origin);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    const response = (await twoFactor.handle(request)) ?? new Response(null, { status: 404 });
    // The only response that carries a secret: remember what the widget was given (what its QR encodes).
    if (request.method === 'POST' && response.status === 201) {
      const enrollment = (await response.clone().json()) as Enrollment;
      issued.set(enrollment.id, enrollment);
    }
    return response;
  });
  return {
    twoFactor,
    session,
    requests,
    clock,
    /** `network.online = false` makes every request fail before it reaches the server. */
    network,
    /** Ends the session: every request is then 401 `unauthenticated`. */
    signOut() {
      signedIn = false;
    },
    /** The enrolment the server sent the widget for `id` (GET never repeats the secret). */
    issuedEnrollment(id: string): Enrollment {
      const enrollment = issued.get(id);
      if (!enrollment) throw new Error(`The server never issued enrolment ${id} to the widget.`);
      return enrollment;
    },
    /** Moves the server's clock (and so the current TOTP step) forward. */
    advance(ms: number) {
      clock.now += ms;
    },
    /** The code an authenticator app shows for `otpauthUri` at the server's current time. */
    codeFor(otpauthUri: string, offsetMs = 0) {
      return generateCode(parseKeyUri(otpauthUri), clock.now + offsetMs);
    },
  };
}
