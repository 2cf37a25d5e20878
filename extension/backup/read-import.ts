/**
 * The one entry point for imports: bytes or text in, the accounts it holds out (what can be
 * added and what cannot, and why). Nothing here touches the vault.
 */
import { detectFormat } from './detect-format';
import type { ParsedImport } from './import-types';
import { parseAegis } from './parse-aegis';
import { parseAndOtp } from './parse-andotp';
import { parseAuthenticatorExtension } from './parse-authenticator-extension';
import { parseBitwardenCsv, parseBitwardenJson } from './parse-bitwarden';
import { parseEnteAuth, refuseEnteAuthEncrypted } from './parse-ente-auth';
import { parseProtonAuthenticator } from './parse-proton-authenticator';
import { parseTwoFas } from './parse-two-fas';
import { parseUriList } from './parse-uri-list';
import { parseOwnBackup } from './read-backup';

export type ReadImportOptions = {
  /** For encrypted files; without it they throw `BackupError('password_required')`. */
  password?: string;
};

/**
 * Reads a file or pasted text in any supported format.
 * @throws BackupError for input that cannot be read at all (size, format, password, damage);
 * entries that cannot be imported are listed in `invalid` instead.
 */
export async function readImport(input: Uint8Array | string, options: ReadImportOptions = {}): Promise<ParsedImport> {
  const detected = detectFormat(input);
  switch (detected.format) {
    case 'otpauth-list':
    case 'google-migration':
      return parseUriList(detected.text);
    case 'aegis':
      return parseAegis(detected.json, options.password);
    case '2fas':
      return parseTwoFas(detected.json, options.password);
    case 'authenticator-extension':
      return parseAuthenticatorExtension(detected.json);
    case 'bitwarden-json':
      return parseBitwardenJson(detected.json);
    case 'bitwarden-csv':
      return parseBitwardenCsv(detected.text);
    case 'proton-authenticator':
      return parseProtonAuthenticator(detected.json);
    case 'andotp':
      return parseAndOtp(detected.list);
    case 'ente-auth':
      return 'text' in detected ? parseEnteAuth(detected.text) : refuseEnteAuthEncrypted();
    case 'phone-free-backup':
      return parseOwnBackup(detected.json, options.password);
  }
}
