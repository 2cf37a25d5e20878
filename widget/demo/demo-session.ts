/**
 * The demo's session cookie: HttpOnly, SameSite=Lax, signed (HMAC-SHA256) and carrying the
 * session's stage (`password`: owes the second factor; `full`), when the password (or the
 * second factor) was last proven, and the user's session version when it was issued. Signed
 * cookies cannot be recalled one by one, so revoking is per user: sign-out and every
 * two-factor change bump the version, and a cookie of an older version is no session.
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
  /** The user's session version at issue (see `DemoUser.sessionVersion`). */
  version: number;
};

export type SessionCodec = {
  /** A `Set-Cookie` value starting a session of `stage` for `userId`, proven at `now`, at the user's current version. */
  start(userId: string, stage: DemoSession['stage'], now: number, secure: boolean): string;
  /** The same session (stage, proof time, expiry) re-issued at the user's current version. */
  renew(session: DemoSession, now: number, secure: boolean): string;
  /** The `Set-Cookie` value that ends the session. */
  end(secure: boolean): string;
  /** The valid, unexpired session of the user's current version in a request's Cookie header, or null. */
  read(cookieHeader: string | null | undefined, now: number): DemoSession | null;
};

/**
 * @param versionOf the user's current session version, or null when there is no such user.
 */
export function createSessionCodec(key: Buffer, versionOf: (userId: string) => number | null): SessionCodec {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  const cookie = (value: string, maxAgeS: number, secure: boolean) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;

  const issue = (session: DemoSession, now: number, secure: boolean) => {
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
    return cookie(`${payload}.${sign(payload)}`, Math.max(0, Math.floor((session.expiresAt - now) / 1000)), secure);
  };

  return {
    start(userId, stage, now, secure) {
      const lifetime = stage === 'full' ? FULL_SESSION_MS : PASSWORD_STAGE_MS;
      return issue({ userId, stage, authenticatedAt: now, expiresAt: now + lifetime, version: versionOf(userId) ?? 0 }, now, secure);
    },
    renew(session, now, secure) {
      return issue({ ...session, version: versionOf(session.userId) ?? 0 }, now, secure);
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
        // Signed out, or two-factor changed, since this cookie was issued (or no such user).
        if (typeof session.version !== 'number' || session.version !== versionOf(session.userId)) return null;
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
