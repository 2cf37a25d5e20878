/**
 * 2FAS backups (`.2fas`), plain and encrypted. Plain: `{services: [...], schemaVersion, ...}`.
 * Encrypted: `services` is empty and `servicesEncrypted` is "ciphertext+tag:salt:iv" in base64,
 * AES-256-GCM under PBKDF2-HMAC-SHA256 (10,000 iterations) of the password; `reference`
 * encrypts a fixed text the same way and tells a wrong password from a damaged file.
 */
import { BackupError } from './backup-error';
import { isRecord } from './is-record';
import { aesGcmDecrypt, pbkdf2Key } from './backup-crypto';
import { decodeBase64Field, parseJsonBytes } from './encoding';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { labelOf, problem, toCandidate } from './to-candidate';

const FILE = '2FAS backup';
/** 2FAS's fixed PBKDF2 iteration count. */
export const TWO_FAS_PBKDF2_ITERATIONS = 10_000;
/** Newest schema this parser has been checked against. */
const MAX_SCHEMA_VERSION = 4;

export function looksLikeTwoFas(value: Record<string, unknown>): boolean {
  return Array.isArray(value.services) && typeof value.schemaVersion === 'number';
}

export function isTwoFasEncrypted(value: Record<string, unknown>): boolean {
  return typeof value.servicesEncrypted === 'string' && value.servicesEncrypted !== '';
}

export async function parseTwoFas(file: Record<string, unknown>, password: string | undefined): Promise<ParsedImport> {
  const schema = file.schemaVersion as number;
  if (!Number.isInteger(schema) || schema < 1 || schema > MAX_SCHEMA_VERSION) {
    throw new BackupError('unsupported_version', `This ${FILE} has schema version ${schema}; this extension reads versions 1 to ${MAX_SCHEMA_VERSION}. Update the extension.`);
  }
  const encrypted = isTwoFasEncrypted(file);
  const services = encrypted ? await decryptServices(file, password) : file.services;
  if (!Array.isArray(services)) throw new BackupError('corrupted', `This ${FILE} is damaged: its services are not a list.`);

  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  services.forEach((service: unknown, i: number) => {
    const where = `service ${i + 1}`;
    if (!isRecord(service)) {
      invalid.push(problem(where, 'unnamed account', 'bad_entry', 'This entry is not an account record.').problem);
      return;
    }
    const otp = isRecord(service.otp) ? service.otp : {};
    const issuer = typeof otp.issuer === 'string' && otp.issuer !== '' ? otp.issuer : service.name;
    const account = firstText(otp.account, otp.label) ?? '';
    const tokenType = typeof otp.tokenType === 'string' ? otp.tokenType : 'TOTP';
    if (tokenType !== 'TOTP' && tokenType !== 'HOTP') {
      invalid.push(problem(where, labelOf(issuer, account), 'bad_type', `${tokenType} codes are not standard one-time codes; this extension cannot generate them.`).problem);
      return;
    }
    const order = isRecord(service.order) && typeof service.order.position === 'number' ? service.order.position : i;
    const result = toCandidate(
      where,
      {
        type: tokenType,
        secret: service.secret,
        algorithm: otp.algorithm ?? 'SHA1',
        digits: otp.digits ?? 6,
        period: otp.period ?? 30,
        counter: tokenType === 'HOTP' ? (otp.counter ?? 0) : 0,
        issuer: issuer ?? '',
        account,
      },
      { ...NO_META, order },
    );
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  return { format: '2fas', encrypted, candidates, invalid, notes: [], settings: null };
}

type Sealed = { ciphertext: Uint8Array<ArrayBuffer>; salt: Uint8Array<ArrayBuffer>; iv: Uint8Array<ArrayBuffer> };

function splitSealed(value: unknown, field: string): Sealed {
  const parts = typeof value === 'string' ? value.split(':') : [];
  if (parts.length !== 3) throw new BackupError('corrupted', `This ${FILE} is damaged: "${field}" should have three parts (data:salt:iv).`);
  return {
    ciphertext: decodeBase64Field(parts[0], field, FILE),
    salt: decodeBase64Field(parts[1], `${field} salt`, FILE),
    iv: decodeBase64Field(parts[2], `${field} iv`, FILE, 12),
  };
}

async function decryptServices(file: Record<string, unknown>, password: string | undefined): Promise<unknown> {
  const sealed = splitSealed(file.servicesEncrypted, 'servicesEncrypted');
  if (sealed.salt.length < 8) throw new BackupError('corrupted', `This ${FILE} is damaged: its salt is too short.`);
  const reference = typeof file.reference === 'string' ? splitSealed(file.reference, 'reference') : null;
  if (password === undefined || password === '') {
    throw new BackupError('password_required', `This ${FILE} is encrypted: enter the password you chose when exporting it from 2FAS.`);
  }
  const key = await pbkdf2Key(password, sealed.salt, TWO_FAS_PBKDF2_ITERATIONS);
  // 2FAS seals the reference with the same salt; a different salt would need its own key.
  const referenceKey = reference === null ? null : sameBytes(reference.salt, sealed.salt) ? key : await pbkdf2Key(password, reference.salt, TWO_FAS_PBKDF2_ITERATIONS);
  const referenceOk = reference !== null && referenceKey !== null && (await aesGcmDecrypt(referenceKey, reference.iv, reference.ciphertext)) !== null;
  const plaintext = await aesGcmDecrypt(key, sealed.iv, sealed.ciphertext);
  if (plaintext === null) {
    if (referenceOk) {
      throw new BackupError('corrupted', `The password is right, but this ${FILE} is damaged: its accounts fail their integrity check. Export it again.`);
    }
    throw new BackupError('wrong_password', `The password does not open this ${FILE}. Use the password you chose when exporting it from 2FAS.`);
  }
  return parseJsonBytes(plaintext, FILE);
}

function firstText(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
