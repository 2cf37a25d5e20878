/**
 * The demo's session cookie: HttpOnly, SameSite=Lax, signed (HMAC-SHA256) and carrying the
 * session's stage (`password`: owes the second factor; `full`) and when the password (or the
 * second factor) was last proven. Stateless: signing out deletes the cookie.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'acme_demo_session';
/** A half-finished sign-in must complete its second step within this time. */
export const PASSWORD_STAGE_MS = 10 * 60_000;
export const FULL_SESSION_MS = 12 * 60 * 60_000;

export type DemoSession = {
  userId: string;
  stage: 'password' | 'full';
  /** When the user last proved who they are (password or second factor), ms. */
  authenticatedAt: number;
  expiresAt: number;
};

export type SessionCodec = {
  /** A `Set-Cookie` value starting a session of `stage` for `userId`, proven at `now`. */
  start(userId: string, stage: DemoSession['stage'], now: number, secure: boolean): string;
  /** The `Set-Cookie` value that ends the session. */
  end(secure: boolean): string;
  /** The valid, unexpired session in a request's Cookie header, or null. */
  read(cookieHeader: string | null | undefined, now: number): DemoSession | null;
};

export function createSessionCodec(key: Buffer): SessionCodec {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  const cookie = (value: string, maxAgeS: number, secure: boolean) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;

  return {
    start(userId, stage, now, secure) {
      const lifetime = stage === 'full' ? FULL_SESSION_MS : PASSWORD_STAGE_MS;
      const session: DemoSession = { userId, stage, authenticatedAt: now, expiresAt: now + lifetime };
      const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
      return cookie(`${payload}.${sign(payload)}`, Math.floor(lifetime / 1000), secure);
    },
    end(secure) {
      return cookie('', 0, secure);
    },
    read(cookieHeader, now) {
      const value = cookieValue(cookieHeader ?? '', SESSION_COOKIE);
      if (!value) return null;
      const [payload, signature] = value.split('.');
      if (!payload || !signature) return null;
      const expected = Buffer.from(sign(payload));
      const actual = Buffer.from(signature);
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
      try {
        const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DemoSession;
        if (typeof session.userId !== 'string' || (session.stage !== 'password' && session.stage !== 'full')) return null;
        if (!(session.expiresAt > now)) return null;
        return session;
      } catch {
        return null;
      }
    },
  };
}

function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
