/**
 * Writes accounts as Google Authenticator export addresses (`otpauth-migration://offline?data=`),
 * split over as many QR-code-sized chunks as needed, for moving accounts to a phone.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { base64Encode } from '@bufbuild/protobuf/wire';
import { Secret } from 'otpauth';
import { normalizeSecret, type OtpParams } from '../otp';
import {
  MigrationPayload_Algorithm as Algorithm,
  MigrationPayload_DigitCount as DigitCount,
  MigrationPayload_OtpParametersSchema,
  MigrationPayload_OtpType as OtpType,
  MigrationPayloadSchema,
  type MigrationPayload_OtpParameters,
} from './migration-payload_pb';

/**
 * Default longest address per QR code. About 1 KB is what a phone camera reads reliably off a
 * screen (a version 25 code at error-correction level L); Google Authenticator itself puts
 * about ten accounts in each of its codes.
 */
export const DEFAULT_MAX_MIGRATION_URI_CHARS = 1000;

/** The export format version Google Authenticator writes. */
const PAYLOAD_VERSION = 1;

export type MigrationExport = {
  /** One address per QR code, in order ("1 of N" first). */
  uris: string[];
  /** Accounts the format cannot carry, with the reason, by their index in the input. */
  skipped: { index: number; issuer: string; account: string; message: string }[];
};

export type EncodeMigrationOptions = {
  /** The export's batch id (an int32). Pass a random one: randomness stays a parameter here. */
  batchId: number;
  /** Longest address per QR code; a single account longer than this gets a code of its own. */
  maxUriChars?: number;
};

/** Encodes `accounts` as Google Authenticator export addresses (one per QR code). */
export function encodeMigrationUris(accounts: readonly OtpParams[], options: EncodeMigrationOptions): MigrationExport {
  const { batchId } = options;
  const maxUriChars = options.maxUriChars ?? DEFAULT_MAX_MIGRATION_URI_CHARS;
  if (!Number.isInteger(batchId) || batchId < -(2 ** 31) || batchId >= 2 ** 31) {
    throw new RangeError(`encodeMigrationUris: batchId must be an int32, got ${batchId}`);
  }
  const skipped: MigrationExport['skipped'] = [];
  const entries: MigrationPayload_OtpParameters[] = [];
  accounts.forEach((params, index) => {
    const reason = unrepresentable(params);
    if (reason !== null) skipped.push({ index, issuer: params.issuer, account: params.account, message: reason });
    else entries.push(toEntry(params));
  });

  // Greedy packing, measured with the largest batch numbers the varints could hold, so the
  // real address (with small numbers) is never longer than the one measured.
  const chunks: MigrationPayload_OtpParameters[][] = [];
  let current: MigrationPayload_OtpParameters[] = [];
  for (const entry of entries) {
    const candidate = [...current, entry];
    if (current.length > 0 && uriFor(candidate, 2 ** 31 - 1, 2 ** 31 - 2, batchId).length > maxUriChars) {
      chunks.push(current);
      current = [entry];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) chunks.push(current);
  return { uris: chunks.map((chunk, i) => uriFor(chunk, chunks.length, i, batchId)), skipped };
}

function uriFor(entries: MigrationPayload_OtpParameters[], size: number, index: number, batchId: number): string {
  const payload = create(MigrationPayloadSchema, { otpParameters: entries, version: PAYLOAD_VERSION, batchSize: size, batchIndex: index, batchId });
  return 'otpauth-migration://offline?data=' + encodeURIComponent(base64Encode(toBinary(MigrationPayloadSchema, payload)));
}

function unrepresentable(params: OtpParams): string | null {
  if (params.digits !== 6 && params.digits !== 8) {
    return `Google Authenticator only shows 6- or 8-digit codes; this account has ${params.digits} digits. Add it on the phone with its setup key instead.`;
  }
  if (params.type === 'totp' && params.period !== 30) {
    return `Google Authenticator only uses 30-second codes; this account changes every ${params.period} seconds. Add it on the phone with its setup key instead.`;
  }
  return null;
}

function toEntry(params: OtpParams): MigrationPayload_OtpParameters {
  return create(MigrationPayload_OtpParametersSchema, {
    secret: new Uint8Array(Secret.fromBase32(normalizeSecret(params.secret)).buffer),
    name: params.account,
    issuer: params.issuer,
    algorithm: params.algorithm === 'SHA256' ? Algorithm.SHA256 : params.algorithm === 'SHA512' ? Algorithm.SHA512 : Algorithm.SHA1,
    digits: params.digits === 8 ? DigitCount.EIGHT : DigitCount.SIX,
    type: params.type === 'hotp' ? OtpType.HOTP : OtpType.TOTP,
    counter: BigInt(params.type === 'hotp' ? params.counter : 0),
  });
}
