/** The one error a Google Authenticator export can raise: a stable `code` and a message for people. */

export type MigrationErrorCode =
  /** Not an `otpauth-migration://offline?data=...` address. */
  | 'not_migration'
  /** The `data` parameter is missing or is not base64. */
  | 'bad_data'
  /** Larger than any export could be. */
  | 'too_long'
  /** The protobuf is truncated or damaged. */
  | 'bad_protobuf'
  /** A known field arrives with the wrong wire type (another message, or a forged one). */
  | 'wrong_wire_type'
  /** A field this schema does not know: its meaning (a period? an encryption flag?) is unknown. */
  | 'unknown_field'
  /** batch_size / batch_index out of range. */
  | 'bad_batch'
  /** A QR code from another export than the one being collected. */
  | 'batch_mismatch'
  /** Per account: MD5, which RFC 4226/6238 codes never use and we refuse. */
  | 'md5_unsupported'
  /** Per account: an algorithm, digit count or type value this schema does not define. */
  | 'bad_algorithm'
  | 'bad_digits'
  | 'bad_type'
  /** Per account: what the OTP core refuses (secret, name, counter). */
  | 'bad_account'
  /** Export: an account Google Authenticator's format cannot carry (period or digits). */
  | 'not_representable';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
