/**
 * Strict decoding of the base64 and hex fields inside backup files. Decoding is the
 * libraries' (protobuf-es, noble); this module only refuses what is not well-formed, with a
 * `BackupError('corrupted')` naming the field.
 */
import { base64Decode, base64Encode } from '@bufbuild/protobuf/wire';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { BackupError } from './backup-error';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Padded standard base64 to bytes; `expectedLength` when the field has a fixed size. */
export function decodeBase64Field(value: unknown, field: string, fileName: string, expectedLength?: number): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string' || !BASE64.test(value.replace(/\s+/g, ''))) {
    throw new BackupError('corrupted', `This ${fileName} is damaged: "${field}" is not valid base64.`);
  }
  const bytes = new Uint8Array(base64Decode(value));
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new BackupError('corrupted', `This ${fileName} is damaged: "${field}" should be ${expectedLength} bytes, not ${bytes.length}.`);
  }
  return bytes;
}

export function decodeHexField(value: unknown, field: string, fileName: string, expectedLength?: number): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) {
    throw new BackupError('corrupted', `This ${fileName} is damaged: "${field}" is not valid hexadecimal.`);
  }
  const bytes = new Uint8Array(hexToBytes(value));
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new BackupError('corrupted', `This ${fileName} is damaged: "${field}" should be ${expectedLength} bytes, not ${bytes.length}.`);
  }
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  return base64Encode(bytes);
}

export function encodeHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

const utf8 = new TextEncoder();
export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(utf8.encode(text));
}

/** UTF-8 to text; invalid UTF-8 is `corrupted` (a damaged or binary file). */
export function utf8Text(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new BackupError('corrupted', `This ${fileName} is damaged: its content is not UTF-8 text.`, { cause });
  }
}

/** Decrypted bytes to JSON; anything else means the file is damaged (its authentication passed). */
export function parseJsonBytes(bytes: Uint8Array, fileName: string): unknown {
  const text = utf8Text(bytes, fileName);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new BackupError('corrupted', `This ${fileName} is damaged: its decrypted content is not JSON.`, { cause });
  }
}
