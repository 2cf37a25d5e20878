/**
 * Aegis vault exports, plain and encrypted, as Aegis documents them (docs/vault.md):
 * `{version: 1, header: {slots, params}, db}`; encrypted `db` is base64 AES-256-GCM under a
 * master key, which each password slot wraps with a scrypt-derived key (hex fields).
 */
import { BackupError } from './backup-error';
import { isRecord } from './is-record';
import { aesGcmDecrypt, checkScryptParams, concatBytes, scryptKey, type ScryptParams } from './backup-crypto';
import { decodeBase64Field, decodeHexField, parseJsonBytes } from './encoding';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { labelOf, problem, toCandidate } from './to-candidate';

const FILE = 'Aegis export';
const SLOT_PASSWORD = 1;
/** Aegis has one password and at most a separate backup password; more is not a real vault. */
const MAX_PASSWORD_SLOTS = 4;
/** scrypt work (N*r*p summed over the slots) one file may ask for: two slots at the per-slot limit. */
const MAX_TOTAL_SCRYPT_WORK = 2 ** 23;

type PasswordSlot = {
  params: ScryptParams;
  salt: Uint8Array<ArrayBuffer>;
  nonce: Uint8Array<ArrayBuffer>;
  wrappedKeyAndTag: Uint8Array<ArrayBuffer>;
};

/** True when `value` has the shape of an Aegis vault file. */
export function looksLikeAegis(value: Record<string, unknown>): boolean {
  return 'header' in value && 'db' in value && typeof value.version === 'number';
}

export function isAegisEncrypted(value: Record<string, unknown>): boolean {
  return typeof value.db === 'string';
}

export async function parseAegis(file: Record<string, unknown>, password: string | undefined): Promise<ParsedImport> {
  if (file.version !== 1) {
    throw new BackupError('unsupported_version', `This ${FILE} has format version ${String(file.version)}; this extension reads version 1. Update the extension.`);
  }
  const encrypted = isAegisEncrypted(file);
  const db = encrypted ? await decryptDb(file, password) : file.db;
  if (!isRecord(db) || !Array.isArray(db.entries)) {
    throw new BackupError('corrupted', `This ${FILE} is damaged: it has no list of entries.`);
  }
  if (typeof db.version !== 'number' || db.version < 1 || db.version > 3) {
    throw new BackupError('unsupported_version', `This ${FILE} holds entries of version ${String(db.version)}; this extension reads versions 1 to 3. Update the extension.`);
  }
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  db.entries.forEach((entry: unknown, i: number) => {
    const where = `entry ${i + 1}`;
    if (!isRecord(entry) || !isRecord(entry.info)) {
      invalid.push(problem(where, 'unnamed account', 'bad_entry', 'This entry is not an account record.').problem);
      return;
    }
    const info = entry.info;
    if (entry.type === 'steam' || entry.type === 'yandex' || entry.type === 'motp') {
      invalid.push(
        problem(where, labelOf(entry.issuer, entry.name), 'bad_type', `${String(entry.type)} codes are not standard one-time codes; this extension cannot generate them.`)
          .problem,
      );
      return;
    }
    const result = toCandidate(
      where,
      {
        type: entry.type,
        secret: info.secret,
        algorithm: info.algo,
        digits: info.digits,
        period: entry.type === 'hotp' ? 30 : info.period,
        counter: entry.type === 'hotp' ? info.counter : 0,
        issuer: entry.issuer ?? '',
        account: entry.name,
      },
      { ...NO_META, pinned: entry.favorite === true, order: i },
    );
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: 'aegis', encrypted, candidates, invalid, notes: [], settings: null };
}

async function decryptDb(file: Record<string, unknown>, password: string | undefined): Promise<unknown> {
  const header = file.header;
  if (!isRecord(header) || !Array.isArray(header.slots) || !isRecord(header.params)) {
    throw new BackupError('corrupted', `This ${FILE} is damaged: its header has no key slots.`);
  }
  const slots = header.slots.filter((s): s is Record<string, unknown> => isRecord(s) && s.type === SLOT_PASSWORD);
  if (slots.length === 0) {
    throw new BackupError(
      'unsupported_encryption',
      `This ${FILE} can only be unlocked with biometrics on the phone. In Aegis, set a password (Settings > Security) and export again.`,
    );
  }
  // Every slot is checked before any key is derived, so a hostile file cannot keep us busy.
  const passwordSlots = checkPasswordSlots(slots);
  if (password === undefined || password === '') {
    throw new BackupError('password_required', `This ${FILE} is encrypted: enter the password you unlock Aegis with.`);
  }
  const nonce = decodeHexField(header.params.nonce, 'header.params.nonce', FILE, 12);
  const tag = decodeHexField(header.params.tag, 'header.params.tag', FILE, 16);
  const ciphertext = decodeBase64Field(file.db, 'db', FILE);

  let masterKey: Uint8Array<ArrayBuffer> | null = null;
  for (const slot of passwordSlots) {
    const derived = await scryptKey(password, slot.salt, slot.params);
    masterKey = await aesGcmDecrypt(derived, slot.nonce, slot.wrappedKeyAndTag);
    if (masterKey !== null) break;
  }
  if (masterKey === null) throw new BackupError('wrong_password', `The password does not open this ${FILE}. Use the password you unlock Aegis with.`);
  const plaintext = await aesGcmDecrypt(masterKey, nonce, concatBytes(ciphertext, tag));
  if (plaintext === null) {
    throw new BackupError('corrupted', `The password is right, but this ${FILE} is damaged: its content fails its integrity check. Export it again.`);
  }
  return parseJsonBytes(plaintext, FILE);
}

/** Reads every password slot and refuses the file, before any scrypt, if they ask for too much work. */
function checkPasswordSlots(slots: readonly Record<string, unknown>[]): PasswordSlot[] {
  const fix = 'In Aegis, keep one password (Settings > Security), then export again.';
  if (slots.length > MAX_PASSWORD_SLOTS) {
    throw new BackupError('unsupported_encryption', `This ${FILE} has ${slots.length} password slots; this extension tries at most ${MAX_PASSWORD_SLOTS}. ${fix}`);
  }
  const checked = slots.map((slot): PasswordSlot => {
    const keyParams = isRecord(slot.key_params) ? slot.key_params : {};
    return {
      params: checkScryptParams(slot, FILE),
      salt: decodeHexField(slot.salt, 'slot salt', FILE),
      nonce: decodeHexField(keyParams.nonce, 'slot nonce', FILE, 12),
      wrappedKeyAndTag: concatBytes(decodeHexField(slot.key, 'slot key', FILE, 32), decodeHexField(keyParams.tag, 'slot tag', FILE, 16)),
    };
  });
  const work = checked.reduce((sum, slot) => sum + slot.params.n * slot.params.r * slot.params.p, 0);
  if (work > MAX_TOTAL_SCRYPT_WORK) {
    throw new BackupError(
      'unsupported_encryption',
      `This ${FILE}'s ${slots.length} password slots together ask for more key-derivation work (scrypt N*r*p = ${work}) than this extension allows (${MAX_TOTAL_SCRYPT_WORK}). ${fix}`,
    );
  }
  return checked;
}
