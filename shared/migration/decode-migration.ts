/**
 * Reads Google Authenticator exports (`otpauth-migration://offline?data=...`): the URI, the
 * base64 MigrationPayload protobuf (decoded by @bufbuild/protobuf from the generated schema),
 * and each account, which becomes canonical `OtpParams` or a reason it cannot be imported.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { base64Decode } from '@bufbuild/protobuf/wire';
import { Secret } from 'otpauth';
import { formatKeyUri, KeyUriError, parseKeyUri, type OtpAlgorithm, type OtpParams } from '../otp';
import { checkWireTypes } from './check-wire-types';
import { MigrationError, type MigrationErrorCode } from './migration-error';
import {
  MigrationPayload_Algorithm as Algorithm,
  MigrationPayload_DigitCount as DigitCount,
  MigrationPayload_OtpType as OtpType,
  MigrationPayloadSchema,
  type MigrationPayload_OtpParameters,
} from './migration-payload_pb';

/** No QR code holds more than ~3 KB; a pasted export of hundreds of accounts stays far below this. */
export const MAX_MIGRATION_URI_CHARS = 256 * 1024;

/** Which QR code of an export this is: `index` 0-based, of `size` codes sharing `id`. */
export type MigrationBatchInfo = { id: number; index: number; size: number };

/** An account that imports; `index` is its position in this payload. */
export type MigrationAccount = { index: number; params: OtpParams };

/** An account that does not import, with the names it showed so the user recognises it. */
export type MigrationProblem = { index: number; issuer: string; name: string; code: MigrationErrorCode | KeyUriError['code']; message: string };

export type DecodedMigration = {
  version: number;
  batch: MigrationBatchInfo;
  accounts: MigrationAccount[];
  invalid: MigrationProblem[];
};

const PREFIX = 'otpauth-migration://';

/**
 * Decodes one `otpauth-migration://offline?data=...` address.
 * @throws MigrationError for an address or payload that cannot be read at all; accounts that
 * cannot be imported are listed in `invalid` with their reason instead.
 */
export function decodeMigrationUri(uri: string): DecodedMigration {
  if (typeof uri !== 'string') throw new MigrationError('not_migration', 'Expected the text of an otpauth-migration:// address.');
  if (uri.length > MAX_MIGRATION_URI_CHARS) {
    throw new MigrationError('too_long', `This export address is longer than ${MAX_MIGRATION_URI_CHARS / 1024} KB; no Google Authenticator export is that long.`);
  }
  const text = uri.trim();
  if (text.slice(0, PREFIX.length).toLowerCase() !== PREFIX) {
    throw new MigrationError('not_migration', 'This is not a Google Authenticator export: expected an address starting with otpauth-migration://.');
  }
  const rest = text.slice(PREFIX.length);
  const question = rest.indexOf('?');
  const host = (question < 0 ? rest : rest.slice(0, question)).replace(/\/$/, '').toLowerCase();
  if (host !== 'offline') {
    throw new MigrationError('not_migration', 'This otpauth-migration:// address is not an offline export (expected otpauth-migration://offline?data=...).');
  }
  const data = question < 0 ? undefined : findParam(rest.slice(question + 1), 'data');
  if (data === undefined || data === '') {
    throw new MigrationError('bad_data', 'This export address carries no data: expected otpauth-migration://offline?data=...');
  }
  return decodeMigrationPayload(decodeData(data));
}

/**
 * Decodes the MigrationPayload protobuf bytes.
 * @throws MigrationError (`bad_protobuf`, `wrong_wire_type`, `unknown_field`, `bad_batch`).
 */
export function decodeMigrationPayload(bytes: Uint8Array): DecodedMigration {
  if (bytes.length > MAX_MIGRATION_URI_CHARS) {
    throw new MigrationError('too_long', 'This export is larger than any Google Authenticator export.');
  }
  checkWireTypes(MigrationPayloadSchema, bytes);
  let payload;
  try {
    payload = fromBinary(MigrationPayloadSchema, bytes);
  } catch (cause) {
    throw new MigrationError('bad_protobuf', 'The export data is damaged: it is not a readable Google Authenticator export. Scan or copy it again.', { cause });
  }
  const unknown = payload.$unknown?.[0];
  if (unknown !== undefined) {
    throw new MigrationError(
      'unknown_field',
      `This export holds data this version does not understand (field ${unknown.no}); nothing was imported from it. Update the extension, or export again from Google Authenticator.`,
    );
  }
  const batch = readBatch(payload.batchSize, payload.batchIndex, payload.batchId);
  const accounts: MigrationAccount[] = [];
  const invalid: MigrationProblem[] = [];
  payload.otpParameters.forEach((entry, index) => {
    const result = readAccount(entry);
    if ('params' in result) accounts.push({ index, params: result.params });
    else invalid.push({ index, issuer: entry.issuer, name: entry.name, code: result.code, message: result.message });
  });
  return { version: payload.version, batch, accounts, invalid };
}

function readBatch(size: number, index: number, id: number): MigrationBatchInfo {
  // Exports written by other tools often leave the batch fields out: one code of one.
  if (size === 0 && index === 0) return { id, index: 0, size: 1 };
  if (size < 1 || size > 1000 || index < 0 || index >= size) {
    throw new MigrationError('bad_batch', `This export says it is QR code ${index + 1} of ${size}, which cannot be. Export again from Google Authenticator.`);
  }
  return { id, index, size };
}

type AccountResult = { params: OtpParams } | { code: MigrationProblem['code']; message: string };

function readAccount(entry: MigrationPayload_OtpParameters): AccountResult {
  if (entry.$unknown !== undefined && entry.$unknown.length > 0) {
    return {
      code: 'unknown_field',
      message: `This account carries data this version does not understand (field ${entry.$unknown[0]?.no}), which could change its codes; it was left out.`,
    };
  }
  const algorithm = readAlgorithm(entry.algorithm);
  if (typeof algorithm !== 'string') return algorithm;
  const digits = readDigits(entry.digits);
  if (typeof digits !== 'number') return digits;
  const type = readType(entry.type);
  if (typeof type !== 'string') return type;
  if (entry.secret.length === 0) return { code: 'bad_account', message: 'This account has no secret key.' };
  if (type === 'hotp' && (entry.counter < 0n || entry.counter > BigInt(Number.MAX_SAFE_INTEGER))) {
    return { code: 'bad_account', message: 'This counter-based account has a counter out of range.' };
  }
  const { issuer, account } = splitName(entry.name, entry.issuer);
  const params: OtpParams = {
    type,
    secret: new Secret({ buffer: entry.secret.slice().buffer }).base32.replace(/=+$/, ''),
    algorithm,
    digits,
    period: 30,
    counter: type === 'hotp' ? Number(entry.counter) : 0,
    issuer,
    account,
  };
  try {
    // The OTP core's own parser is the one gate every account passes (secret length, names).
    return { params: parseKeyUri(formatKeyUri(params)) };
  } catch (error) {
    if (error instanceof KeyUriError) return { code: error.code, message: error.message };
    throw error;
  }
}

function readAlgorithm(value: Algorithm): OtpAlgorithm | { code: MigrationErrorCode; message: string } {
  switch (value) {
    case Algorithm.UNSPECIFIED:
    case Algorithm.SHA1:
      return 'SHA1';
    case Algorithm.SHA256:
      return 'SHA256';
    case Algorithm.SHA512:
      return 'SHA512';
    case Algorithm.MD5:
      return {
        code: 'md5_unsupported',
        message: 'This account uses the MD5 algorithm, which no standard one-time code uses and this extension does not support. Set up two-factor authentication again on that site.',
      };
    default:
      return { code: 'bad_algorithm', message: `This account names an unknown algorithm (${value}); it was left out.` };
  }
}

function readDigits(value: DigitCount): number | { code: MigrationErrorCode; message: string } {
  switch (value) {
    case DigitCount.UNSPECIFIED:
    case DigitCount.SIX:
      return 6;
    case DigitCount.EIGHT:
      return 8;
    default:
      return { code: 'bad_digits', message: `This account names an unknown code length (${value}); it was left out.` };
  }
}

function readType(value: OtpType): 'totp' | 'hotp' | { code: MigrationErrorCode; message: string } {
  switch (value) {
    case OtpType.UNSPECIFIED:
    case OtpType.TOTP:
      return 'totp';
    case OtpType.HOTP:
      return 'hotp';
    default:
      return { code: 'bad_type', message: `This account names an unknown code type (${value}); it was left out.` };
  }
}

/** Google Authenticator often keeps the whole label ("Issuer:account") as the name. */
function splitName(name: string, issuer: string): { issuer: string; account: string } {
  const colon = name.indexOf(':');
  if (colon > 0) {
    const prefix = name.slice(0, colon);
    const rest = name.slice(colon + 1).replace(/^ +/, '');
    if (issuer === '' && rest !== '') return { issuer: prefix, account: rest };
    if (prefix === issuer && rest !== '') return { issuer, account: rest };
  }
  // An account needs a name; an export that has only an issuer keeps it as both.
  return { issuer, account: name !== '' ? name : issuer };
}

function findParam(query: string, wanted: string): string | undefined {
  let found: string | undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key.toLowerCase() !== wanted) continue;
    if (found !== undefined) throw new MigrationError('bad_data', `This export address gives "${wanted}" twice.`);
    found = eq < 0 ? '' : part.slice(eq + 1);
  }
  return found;
}

function decodeData(raw: string): Uint8Array {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch (cause) {
    throw new MigrationError('bad_data', 'The export data is not valid percent-encoded text. Scan or copy it again.', { cause });
  }
  // A "+" that went through form decoding arrives as a space.
  text = text.replace(/ /g, '+');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw new MigrationError('bad_data', 'The export data is not valid base64; it may have been cut or changed. Scan or copy it again.');
  }
  try {
    return base64Decode(text);
  } catch (cause) {
    throw new MigrationError('bad_data', 'The export data is not valid base64; it may have been cut or changed. Scan or copy it again.', { cause });
  }
}
