/** The one error a key URI can raise: a stable `code` for programs and a message for people. */

export type KeyUriErrorCode =
  | 'not_otpauth'
  | 'bad_type'
  | 'bad_label'
  | 'missing_secret'
  | 'bad_secret'
  | 'bad_algorithm'
  | 'bad_digits'
  | 'bad_period'
  | 'bad_counter'
  | 'too_long';

export class KeyUriError extends Error {
  override readonly name = 'KeyUriError';
  constructor(
    readonly code: KeyUriErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
