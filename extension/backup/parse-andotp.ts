/**
 * andOTP's plain backup (Backups > Backup (plain)): a JSON list of
 * `{secret, issuer, label, digits, type: "TOTP" | "HOTP" | "STEAM" | "MOTP", algorithm,
 * period, counter, thumbnail, last_used, used_frequency, tags}`. Its encrypted backups
 * (`.json.aes`) are binary: 4 bytes of PBKDF2 iterations (140,000 to 160,000), salt, IV and
 * ciphertext; they are recognised and refused with the menu of the plain backup.
 */
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { isRecord } from './is-record';
import { labelOf, problem, toCandidate } from './to-candidate';

/** andOTP picks its PBKDF2 iteration count at random from this range and writes it first. */
const ITERATIONS = { min: 140_000, max: 160_000 };
/** Iterations, 12-byte salt, 12-byte IV and a 16-byte tag at least. */
const MIN_ENCRYPTED_BYTES = 4 + 12 + 12 + 16;

export const ANDOTP_PLAIN_BACKUP =
  'This looks like an encrypted andOTP backup (.json.aes), which this extension cannot open. In andOTP, choose Backups > Backup (plain) and import that .json file.';

/** Every element is an object with a text `secret` and `type`, and there is at least one. */
export function looksLikeAndOtp(value: unknown[]): boolean {
  return value.length > 0 && value.every((e) => isRecord(e) && typeof e.secret === 'string' && typeof e.type === 'string');
}

/** True for bytes shaped like andOTP's encrypted backup. */
export function looksLikeAndOtpEncrypted(bytes: Uint8Array): boolean {
  if (bytes.length < MIN_ENCRYPTED_BYTES) return false;
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return iterations >= ITERATIONS.min && iterations <= ITERATIONS.max;
}

export function parseAndOtp(entries: unknown[]): ParsedImport {
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const record = entry as Record<string, unknown>;
    const label = labelOf(record.issuer, record.label);
    const type = (record.type as string).toUpperCase();
    if (type !== 'TOTP' && type !== 'HOTP') {
      invalid.push(problem(where, label, 'bad_type', `${type.slice(0, 20)} codes are not standard one-time codes; this extension cannot generate them.`).problem);
      return;
    }
    const result = toCandidate(
      where,
      {
        type,
        secret: record.secret,
        algorithm: record.algorithm ?? 'SHA1',
        digits: record.digits ?? 6,
        period: record.period ?? 30,
        counter: type === 'HOTP' ? (record.counter ?? 0) : 0,
        issuer: record.issuer ?? '',
        account: record.label ?? '',
      },
      { ...NO_META, order: i },
    );
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: 'andotp', encrypted: false, candidates, invalid, notes: [], settings: null };
}
