/**
 * Bitwarden exports: the JSON export (`{encrypted: false, items: [...]}`, each login item's
 * `login.totp`) and the CSV export (columns `name`, `login_username`, `login_totp`, ...).
 * `login.totp` holds an otpauth:// address, a bare base32 key or `steam://KEY`. Items without
 * a TOTP key are passwords, not accounts, and are only counted. Encrypted exports (".json
 * (Encrypted)", account- or password-protected) are refused with the menu of the plain one.
 */
import Papa from 'papaparse';
import { BackupError } from './backup-error';
import { candidateFromUri } from './candidate-from-uri';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { isRecord } from './is-record';
import { problem } from './to-candidate';

/** Bitwarden's item type for logins (2: secure note, 3: card, 4: identity, 5: SSH key). */
const LOGIN = 1;
/** The columns every Bitwarden CSV export has that we read. */
const CSV_COLUMNS = ['name', 'login_username', 'login_totp'];

const PLAIN_EXPORT =
  'In Bitwarden, export the vault again as ".json" or ".csv" (not ".json (Encrypted)"): Tools > Export vault in the web vault, or File > Export vault in the desktop app.';

export function looksLikeBitwardenJson(value: Record<string, unknown>): boolean {
  return typeof value.encrypted === 'boolean' && (Array.isArray(value.items) || (value.encrypted === true && typeof value.data === 'string'));
}

export function isBitwardenEncrypted(value: Record<string, unknown>): boolean {
  return value.encrypted === true;
}

/** True when the first line is a CSV header naming Bitwarden's login columns. */
export function looksLikeBitwardenCsv(text: string): boolean {
  const header = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const columns = header.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return CSV_COLUMNS.every((c) => columns.includes(c));
}

export function parseBitwardenJson(file: Record<string, unknown>): ParsedImport {
  if (isBitwardenEncrypted(file)) {
    throw new BackupError('unsupported_encryption', `This Bitwarden export is encrypted, which this extension cannot open. ${PLAIN_EXPORT}`);
  }
  const items = file.items as unknown[];
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  let withoutKey = 0;
  items.forEach((item, i) => {
    const where = `item ${i + 1}`;
    if (!isRecord(item)) {
      invalid.push(problem(where, 'unnamed item', 'bad_entry', 'This entry is not a Bitwarden item.').problem);
      return;
    }
    const login = isRecord(item.login) ? item.login : null;
    if (item.type !== LOGIN || login === null || typeof login.totp !== 'string' || login.totp.trim() === '') {
      withoutKey++;
      return;
    }
    const names = { issuer: text(item.name), account: text(login.username) };
    const result = candidateFromUri(where, login.totp, names, { ...NO_META, pinned: item.favorite === true, order: i });
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: 'bitwarden-json', encrypted: false, candidates, invalid, notes: skippedNote(withoutKey), settings: null };
}

export function parseBitwardenCsv(csv: string): ParsedImport {
  const parsed = Papa.parse<Record<string, string | undefined>>(csv, { header: true, skipEmptyLines: 'greedy' });
  const rowsWithErrors = new Set(parsed.errors.map((e) => e.row));
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  let withoutKey = 0;
  parsed.data.forEach((row, i) => {
    // Rows, not lines: a quoted note can span several lines. The header is not counted.
    const where = `row ${i + 1}`;
    const names = { issuer: row.name ?? '', account: row.login_username ?? '' };
    if (rowsWithErrors.has(i)) {
      invalid.push(problem(where, names.issuer || 'unnamed row', 'bad_entry', 'This row does not have the columns the header names (a quote left open?).').problem);
      return;
    }
    const totp = row.login_totp ?? '';
    if (totp.trim() === '') {
      withoutKey++;
      return;
    }
    const result = candidateFromUri(where, totp, names, { ...NO_META, pinned: row.favorite === '1', order: i });
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: 'bitwarden-csv', encrypted: false, candidates, invalid, notes: skippedNote(withoutKey), settings: null };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function skippedNote(count: number): string[] {
  if (count === 0) return [];
  return [`${count} Bitwarden ${count === 1 ? 'item has' : 'items have'} no authenticator key (passwords, notes, cards): ${count === 1 ? 'it is' : 'they are'} not imported.`];
}
