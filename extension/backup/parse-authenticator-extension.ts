/**
 * Plain JSON backups of the Authenticator browser extension (authenticator.cc): one object
 * whose keys are entry hashes and whose values are its storage records
 * `{type, secret, issuer, account, counter, period, digits, algorithm, pinned, index, encrypted}`
 * (fields left out when they hold the default). Types `hex`/`hhex` carry hex secrets;
 * `steam` and `battle` are not standard codes. Encrypted backups are refused with what to do.
 */
import { Secret } from 'otpauth';
import { BackupError } from './backup-error';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { isRecord } from './is-record';
import { labelOf, problem, toCandidate } from './to-candidate';

const FILE = 'Authenticator backup';
/** Keys that hold settings or keys rather than accounts. */
const NOT_ACCOUNTS = new Set(['key', 'UserSettings', 'LocalStorage']);
/** The extension's OTPAlgorithm enum: SHA1 = 1, SHA256, SHA512, GOST... */
const ALGORITHM_NUMBERS: Record<number, string> = { 1: 'SHA1', 2: 'SHA256', 3: 'SHA512', 4: 'GOST3411_2012_256', 5: 'GOST3411_2012_512' };

function isEntry(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && (typeof value.secret === 'string' || value.dataType === 'EncOTPStorage' || typeof value.data === 'string');
}

function isKeyRecord(value: unknown): boolean {
  return isRecord(value) && value.dataType === 'Key';
}

/** True when every record is an entry (or a key/settings record) and at least one is an entry. */
export function looksLikeAuthenticatorExtension(value: Record<string, unknown>): boolean {
  const records = Object.entries(value).filter(([k, v]) => !NOT_ACCOUNTS.has(k) && !isKeyRecord(v));
  return records.length > 0 && records.every(([, v]) => isEntry(v));
}

export function parseAuthenticatorExtension(file: Record<string, unknown>): ParsedImport {
  const records = Object.entries(file)
    .filter(([k, v]) => !NOT_ACCOUNTS.has(k) && !isKeyRecord(v))
    .map(([, v]) => v as Record<string, unknown>)
    .sort((a, b) => indexOf(a) - indexOf(b));
  const isEncrypted = (r: Record<string, unknown>) => r.encrypted === true || r.dataType === 'EncOTPStorage';
  if (records.every(isEncrypted)) {
    throw new BackupError(
      'unsupported_encryption',
      `This ${FILE} is encrypted with your Authenticator password, which this extension cannot open. In Authenticator, remove the password or export a backup without encryption, then import that file.`,
    );
  }

  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  records.forEach((record, i) => {
    const where = `entry ${i + 1}`;
    const label = labelOf(record.issuer, record.account);
    if (isEncrypted(record)) {
      invalid.push(problem(where, label, 'encrypted_entry', 'This entry is encrypted with your Authenticator password; export it again without encryption.').problem);
      return;
    }
    let type = typeof record.type === 'string' ? record.type : 'totp';
    let secret = typeof record.secret === 'string' ? record.secret : '';
    if (/^(stm-|blz-|bliz-)/.test(secret) || type === 'steam' || type === 'battle') {
      invalid.push(problem(where, label, 'bad_type', 'Steam and Battle.net codes are not standard one-time codes; this extension cannot generate them.').problem);
      return;
    }
    if (type === 'hex' || type === 'hhex') {
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(secret)) {
        invalid.push(problem(where, label, 'bad_secret', 'This entry says its secret is hexadecimal, but it is not.').problem);
        return;
      }
      secret = Secret.fromHex(secret).base32.replace(/=+$/, '');
      type = type === 'hex' ? 'totp' : 'hotp';
    }
    const algorithm = typeof record.algorithm === 'number' ? ALGORITHM_NUMBERS[record.algorithm] : (record.algorithm ?? 'SHA1');
    const result = toCandidate(
      where,
      {
        type,
        secret,
        algorithm,
        digits: record.digits ?? 6,
        period: record.period ?? 30,
        counter: record.counter ?? 0,
        issuer: record.issuer ?? '',
        account: record.account ?? '',
      },
      { ...NO_META, pinned: record.pinned === true, order: i },
    );
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: 'authenticator-extension', encrypted: false, candidates, invalid, notes: [], settings: null };
}

function indexOf(record: Record<string, unknown>): number {
  return typeof record.index === 'number' && Number.isFinite(record.index) ? record.index : Number.MAX_SAFE_INTEGER;
}
