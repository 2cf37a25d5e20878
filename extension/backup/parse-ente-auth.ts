/**
 * Ente Auth's plain text export (Settings > Data > Export codes > Plain text): one otpauth://
 * address per line, each with Ente's own `codeDisplay` parameter, URL-encoded JSON such as
 * `{"pinned":false,"trashed":false,"tags":[],"note":"",...}`. Trashed codes (deleted in Ente)
 * are left out and counted; pinned ones stay pinned; Steam codes (`otpauth://steam/`) are
 * named and refused. The encrypted export (`{version, kdfParams, encryptedData,
 * encryptionNonce}`: Argon2id and XChaCha20-Poly1305) is refused with the plain export's menu.
 */
import { BackupError } from './backup-error';
import { candidateFromUri } from './candidate-from-uri';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { isRecord } from './is-record';
import { labelOfLine } from './label-of-line';

const CODE_DISPLAY = /[?&]codeDisplay=([^&#]*)/i;

/** True when some otpauth:// line carries Ente's `codeDisplay` parameter. */
export function looksLikeEnteAuthText(lines: readonly string[]): boolean {
  return lines.some((l) => /^otpauth:\/\//i.test(l) && CODE_DISPLAY.test(l));
}

export function looksLikeEnteAuthEncrypted(value: Record<string, unknown>): boolean {
  return isRecord(value.kdfParams) && typeof value.encryptedData === 'string' && typeof value.encryptionNonce === 'string';
}

export function refuseEnteAuthEncrypted(): never {
  throw new BackupError(
    'unsupported_encryption',
    'This Ente Auth export is encrypted, which this extension cannot open. In Ente Auth, choose Settings > Data > Export codes > Plain text, and import that file.',
  );
}

export function parseEnteAuth(text: string): ParsedImport {
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  let trashed = 0;
  text.split(/\r\n|\r|\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${i + 1}`;
    const display = codeDisplayOf(line);
    if (display.trashed) {
      trashed++;
      return;
    }
    const result = candidateFromUri(where, line.replace(CODE_DISPLAY, (m) => (m.startsWith('?') ? '?' : '')).replace('?&', '?'), { issuer: '', account: '' }, {
      ...NO_META,
      pinned: display.pinned,
      order: i,
    });
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push({ ...result.problem, label: labelOfLine(line) });
  });
  const notes = trashed > 0 ? [`${trashed} ${trashed === 1 ? 'code is' : 'codes are'} in Ente's trash and ${trashed === 1 ? 'is' : 'are'} not imported.`] : [];
  return { format: 'ente-auth', encrypted: false, candidates, invalid, notes, settings: null };
}

/** Ente's display settings of one line; damaged or missing settings are treated as defaults. */
function codeDisplayOf(line: string): { pinned: boolean; trashed: boolean } {
  const raw = CODE_DISPLAY.exec(line)?.[1];
  if (raw === undefined) return { pinned: false, trashed: false };
  try {
    const value: unknown = JSON.parse(decodeURIComponent(raw.replace(/\+/g, ' ')));
    return isRecord(value) ? { pinned: value.pinned === true, trashed: value.trashed === true } : { pinned: false, trashed: false };
  } catch {
    return { pinned: false, trashed: false };
  }
}
