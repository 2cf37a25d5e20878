/**
 * The library's own failures (misconfiguration, unreadable data), as opposed to a request's
 * failures, which become HTTP error responses (`api-error.ts`).
 */

export type TwoFactorErrorCode = 'bad_options' | 'bad_encryption_key' | 'unknown_encryption_key' | 'corrupt_secret' | 'schema_too_new' | 'missing_peer_dependency';

export class TwoFactorError extends Error {
  override readonly name = 'TwoFactorError';
  constructor(
    readonly code: TwoFactorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
