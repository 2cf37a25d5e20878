/**
 * The errors a scan can end with: AuthenticatorErrors (so they cross messages and the
 * automation surface with their code) whose codes are the scan's own.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';

export type ScanErrorCode =
  /** Nothing on the page (or in the selection, or in the image file) decoded as a QR code. */
  | 'no_qr_found'
  /** A QR code was found but holds something else: a web address, plain text. */
  | 'not_otpauth'
  /** A QR code holds an otpauth:// address that the strict parser refuses. */
  | 'bad_uri'
  /** The tab left the captured page before the account could be saved. */
  | 'tab_changed'
  /** The user pressed Esc, chose Cancel, or let a question go unanswered. */
  | 'cancelled'
  /** The QR holds a format we recognise but cannot import in this build. */
  | 'not_supported'
  /** The QR names a well-known service the page's site does not belong to; nothing saved unless confirmed. */
  | 'issuer_mismatch'
  /** The browser does not let extensions capture or script this page (chrome://, the store). */
  | 'cannot_scan_page'
  /** The QR code is shown by a frame of another site: it belongs to that site; nothing saved. */
  | 'cross_origin_frame';

export class ScanError extends AuthenticatorError {
  declare readonly code: ScanErrorCode;

  constructor(code: ScanErrorCode, reason: string, options?: { cause?: unknown }) {
    super(code, reason, options);
  }
}
