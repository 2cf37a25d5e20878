/**
 * Sorts what a QR code holds into what the scan can do with it: one otpauth:// account, a
 * Google Authenticator export (otpauth-migration://), or something else (a web address, text,
 * a broken otpauth:// address), which becomes the ScanError the user sees.
 */
import { KeyUriError, parseKeyUri, type OtpParams } from '../../shared/otp';
import { ScanError } from './scan-error';

export type QrContent =
  | { kind: 'otpauth'; uri: string; params: OtpParams }
  | { kind: 'migration'; uri: string }
  | { kind: 'unusable'; error: ScanError };

const MIGRATION = /^\s*otpauth-migration:\/\//i;

export function classifyQr(text: string): QrContent {
  if (MIGRATION.test(text)) return { kind: 'migration', uri: text.trim() };
  try {
    return { kind: 'otpauth', uri: text.trim(), params: parseKeyUri(text) };
  } catch (error) {
    if (!(error instanceof KeyUriError)) throw error;
    if (error.code === 'not_otpauth') {
      // parseKeyUri says what the text is ("This holds a web address, ..."): say it of the QR code.
      const what = error.message.startsWith('This ') ? 'This QR code ' + error.message.slice(5) : `This QR code is not an authenticator code. ${error.message}`;
      return { kind: 'unusable', error: new ScanError('not_otpauth', `${what} Nothing was saved.`, { cause: error }) };
    }
    return {
      kind: 'unusable',
      error: new ScanError('bad_uri', `This QR code holds an authenticator address that cannot be used: ${error.message} Nothing was saved.`, { cause: error }),
    };
  }
}
