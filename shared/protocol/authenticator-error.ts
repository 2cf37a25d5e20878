/**
 * The one error class that crosses the extension's boundaries (messages, the automation
 * surface). Its `code` is stable for programs; its message starts with `[code]` because
 * Playwright's `evaluate` keeps only the message (README, "For test engineers").
 */

/** Codes the core raises. Scan, fill and backup add their own (any snake_case string). */
export type CoreErrorCode =
  /** The vault has a passphrase and is locked. */
  | 'locked'
  | 'wrong_passphrase'
  /** Locking or unlocking needs a passphrase and none is set. */
  | 'no_passphrase'
  | 'weak_passphrase'
  | 'account_not_found'
  /** One stored account cannot be decrypted or read; the others are fine. */
  | 'corrupted_record'
  /** The vault key record itself is unreadable. */
  | 'corrupted_vault'
  | 'bad_settings'
  /** A message or call whose arguments are not what the protocol says. */
  | 'bad_request'
  /** The caller may not send this message (a content script asking for more than its page needs). */
  | 'forbidden'
  | 'unknown_message'
  | 'no_tab'
  /** A feature that has not landed in this build. */
  | 'not_available'
  | 'internal';

/** Any code: the core's, the key URI parser's (`bad_secret`, ...), or a feature's own. */
export type AuthenticatorErrorCode = CoreErrorCode | (string & {});

/** Plain data form of an error, as it travels in a message. */
export type SerializedError = { code: AuthenticatorErrorCode; message: string };

export class AuthenticatorError extends Error {
  override readonly name = 'AuthenticatorError';
  /** The message without the `[code]` prefix: what a person reads in the UI. */
  readonly reason: string;

  constructor(
    readonly code: AuthenticatorErrorCode,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`[${code}] ${reason}`, options);
    this.reason = reason;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.reason };
  }

  /** Rebuilds an error sent as `SerializedError` in another context. */
  static fromJSON(data: SerializedError): AuthenticatorError {
    return new AuthenticatorError(data.code, data.message);
  }

  /**
   * Any thrown value as an `AuthenticatorError`: errors that already carry a stable string
   * `code` (KeyUriError, feature errors) keep it; anything else becomes `internal`.
   */
  static from(error: unknown): AuthenticatorError {
    if (error instanceof AuthenticatorError) return error;
    if (error instanceof Error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^[a-z][a-z0-9_]*$/.test(code)) {
        return new AuthenticatorError(code, error.message, { cause: error });
      }
      return new AuthenticatorError('internal', `Something went wrong inside the extension: ${error.message}`, { cause: error });
    }
    return new AuthenticatorError('internal', `Something went wrong inside the extension: ${String(error)}`);
  }
}

/** True when `error` is an AuthenticatorError with `code` (or any code when omitted). */
export function isAuthenticatorError(error: unknown, code?: AuthenticatorErrorCode): error is AuthenticatorError {
  return error instanceof AuthenticatorError && (code === undefined || error.code === code);
}
