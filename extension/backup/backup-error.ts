/** The one error backup, import and export raise: a stable `code` for programs, a message for people. */

export type BackupErrorCode =
  /** Over the size limit: refused before any parsing. */
  | 'too_large'
  /** Nothing to read. */
  | 'empty'
  /** Not any format we read (the message says what it looks like instead). */
  | 'unknown_format'
  /** Encrypted and no password given: ask for one and call again. */
  | 'password_required'
  /** The password does not open the file. */
  | 'wrong_password'
  /** The file is damaged, cut short or edited: structure, base64 or authentication failed. */
  | 'corrupted'
  /** A newer version of a format than this extension reads. */
  | 'unsupported_version'
  /** Encryption this extension cannot open (biometric-only Aegis slots, encrypted Authenticator backups). */
  | 'unsupported_encryption'
  /** Export: a backup password too short to protect the file. */
  | 'weak_password'
  /** Export: an unencrypted export asked for without the user's yes to the warning. */
  | 'confirmation_required'
  /** Commit: the preview is gone (committed, discarded, or older than 30 minutes). */
  | 'import_expired'
  /** A scanned import the user declined in the popup. */
  | 'import_declined'
  /** A site the user typed for an account is not a web address. */
  | 'bad_site';

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
