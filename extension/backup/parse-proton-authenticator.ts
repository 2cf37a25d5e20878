/**
 * Proton Authenticator exports. Plain: `{version: 1, entries: [{id, content: {uri,
 * entry_type: "Totp" | "Steam", name}, note}]}`, each `uri` a full otpauth:// address and
 * `name` what the app shows. Encrypted with a backup password: `{version, salt, content}`
 * (Argon2id and AES-GCM), refused with the menu of the plain export.
 */
import { BackupError } from './backup-error';
import { candidateFromUri } from './candidate-from-uri';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { isRecord } from './is-record';
import { labelOf, problem } from './to-candidate';

/** Newest export version this parser has been checked against. */
const MAX_VERSION = 1;

export function looksLikeProtonAuthenticator(value: Record<string, unknown>): boolean {
  if (typeof value.version !== 'number') return false;
  return Array.isArray(value.entries) || (typeof value.salt === 'string' && typeof value.content === 'string');
}

export function isProtonEncrypted(value: Record<string, unknown>): boolean {
  return !Array.isArray(value.entries);
}

export function parseProtonAuthenticator(file: Record<string, unknown>): ParsedImport {
  if (isProtonEncrypted(file)) {
    throw new BackupError(
      'unsupported_encryption',
      'This Proton Authenticator export is protected by a backup password, which this extension cannot open. In Proton Authenticator, choose Settings > Export and export without a password, then import that file.',
    );
  }
  const version = file.version as number;
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new BackupError('unsupported_version', `This Proton Authenticator export has version ${version}; this extension reads version ${MAX_VERSION}. Update the extension.`);
  }
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  (file.entries as unknown[]).forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const content = isRecord(entry) && isRecord(entry.content) ? entry.content : null;
    const name = typeof content?.name === 'string' ? content.name : '';
    if (content === null || typeof content.uri !== 'string') {
      invalid.push(problem(where, labelOf('', name), 'bad_entry', 'This entry has no otpauth:// address.').problem);
      return;
    }
    if (typeof content.entry_type === 'string' && content.entry_type.toLowerCase() === 'steam') {
      invalid.push(problem(where, labelOf('Steam', name), 'bad_type', 'Steam codes are not standard one-time codes; this extension cannot generate them.').problem);
      return;
    }
    const result = candidateFromUri(where, content.uri, { issuer: '', account: name }, { ...NO_META, order: i });
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: 'proton-authenticator', encrypted: false, candidates, invalid, notes: [], settings: null };
}
