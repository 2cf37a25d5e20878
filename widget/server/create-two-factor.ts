/**
 * `createTwoFactor(options)`: checks the site's options once, then wires the rules, the HTTP
 * handler and the programmatic calls (`verifyLogin`, `status`, `disableFor`) onto one store.
 */
import { DEFAULT_BASE_PATH, type StatusResponse } from '../../shared/protocol/two-factor-api';
import { createHandler, type Session } from './handle-request';
import { createSecretBox } from './secret-box';
import { createRules } from './two-factor-rules';
import { TwoFactorError } from './two-factor-error';
import type { TwoFactorEvent } from './two-factor-event';
import type { TwoFactorStore } from './two-factor-store';

export type TwoFactorSession = Session;

export type TwoFactorOptions = {
  store: TwoFactorStore;
  /** The name authenticator apps show above the code, e.g. "Acme". */
  issuer: string;
  /** base64 of 32 random bytes; seals every secret at rest (AES-256-GCM). */
  encryptionKey: string;
  /** Older keys still accepted for opening secrets, newest first; secrets are re-sealed on use. */
  previousEncryptionKeys?: string[];
  /** Where the API is mounted. Default `/api/2fa`. */
  basePath?: string;
  /** Origins (`https://acme.example`) allowed to make state-changing calls and to get CORS headers. */
  allowedOrigins: string[];
  /** How recent a password check must be for enrol, reset, disable and regenerate. Default 10 min. */
  freshAuthMs?: number;
  /** The site's session lookup: null when signed out. */
  authenticate(request: Request): Promise<TwoFactorSession | null>;
  /** Called after a successful sign-in second step; returned headers (a new session cookie) go on the response. */
  onVerified?(request: Request, userId: string): Promise<HeadersInit | void>;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
  /** Security events for out-of-band notices; never carries a secret or code. */
  onEvent?: (event: TwoFactorEvent) => void;
};

/**
 * `locked`: 100 wrong codes in a row, so authenticator codes are refused until the user enters a
 * recovery code (which still works, throttled) or support calls `resetThrottle` / `disableFor`.
 */
export type VerifyLoginResult = { ok: true } | { ok: false; reason: 'invalid_code' | 'throttled' | 'locked' | 'not_enabled'; retryAfterS?: number };

export type TwoFactor = {
  /** Answers requests under `basePath`; null for any other path, so it can sit in front of a router. */
  handle(request: Request): Promise<Response | null>;
  /** The sign-in second step for sites with their own form: a current code or an unused recovery code. */
  verifyLogin(userId: string, code: string): Promise<VerifyLoginResult>;
  /** What `GET {basePath}` returns for this user. */
  status(userId: string): Promise<StatusResponse>;
  /** For the support desk: turns two-factor off for a user who lost every factor (emits `disabled`). */
  disableFor(userId: string): Promise<void>;
  /**
   * For the support desk, once it has checked who is asking: clears the user's failure counter,
   * so the wait ends and authenticator codes work again after the 100-failure lock. The factor stays.
   */
  resetThrottle(userId: string): Promise<void>;
};

const DEFAULT_FRESH_AUTH_MS = 10 * 60_000;

export function createTwoFactor(options: TwoFactorOptions): TwoFactor {
  checkOptions(options);
  const now = options.now ?? Date.now;
  const box = createSecretBox(options.encryptionKey, options.previousEncryptionKeys);
  const emit = (type: TwoFactorEvent['type'], userId: string) => {
    try {
      options.onEvent?.({ type, userId, at: now() });
    } catch (error) {
      // A failing listener must not undo or fail the change it reports.
      console.error(`two-factor: onEvent listener threw (${error instanceof Error ? error.name : typeof error})`);
    }
  };
  const rules = createRules({ store: options.store, box, issuer: options.issuer, now, emit });
  const handle = createHandler({
    rules,
    basePath: options.basePath ?? DEFAULT_BASE_PATH,
    allowedOrigins: options.allowedOrigins,
    freshAuthMs: options.freshAuthMs ?? DEFAULT_FRESH_AUTH_MS,
    now,
    authenticate: options.authenticate,
    ...(options.onVerified ? { onVerified: options.onVerified } : {}),
  });

  return {
    handle,
    async verifyLogin(userId, code) {
      const factor = await options.store.getFactor(userId);
      if (!factor) return { ok: false, reason: 'not_enabled' };
      if (typeof code !== 'string' || code.trim() === '' || code.length > 64) {
        return { ok: false, reason: 'invalid_code' };
      }
      const result = await rules.checkCode(userId, factor, code);
      if (result.ok) return { ok: true };
      return result.reason === 'throttled' ? { ok: false, reason: 'throttled', retryAfterS: result.retryAfterS } : { ok: false, reason: result.reason };
    },
    status: (userId) => rules.status(userId),
    disableFor: (userId) => rules.disableFor(userId),
    resetThrottle: (userId) => rules.resetThrottle(userId),
  };
}

function checkOptions(options: TwoFactorOptions): void {
  const bad = (message: string) => new TwoFactorError('bad_options', `createTwoFactor: ${message}`);
  if (!options || typeof options !== 'object') throw bad('pass an options object.');
  if (!options.store) throw bad('`store` is required (sqliteStore(path) or memoryStore()).');
  if (typeof options.issuer !== 'string' || options.issuer.trim() === '') throw bad('`issuer` must name the site, e.g. "Acme".');
  if (typeof options.authenticate !== 'function') throw bad('`authenticate(request)` is required: it returns the signed-in user or null.');
  if (!Array.isArray(options.allowedOrigins)) throw bad('`allowedOrigins` must list the origins of your pages, e.g. ["https://acme.example"].');
  for (const origin of options.allowedOrigins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin !== origin) {
      throw bad(`"${origin}" in allowedOrigins is not an origin; write it as scheme://host[:port] with no path or trailing slash.`);
    }
  }
  const base = options.basePath;
  if (base !== undefined && (typeof base !== 'string' || !base.startsWith('/') || base === '/')) {
    throw bad('`basePath` must be a path below the root, such as "/api/2fa".');
  }
  const fresh = options.freshAuthMs;
  if (fresh !== undefined && (!Number.isFinite(fresh) || fresh <= 0)) throw bad('`freshAuthMs` must be a positive number of milliseconds.');
}
