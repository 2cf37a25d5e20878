/**
 * Fuzzing the Google Authenticator decoder: random bytes, random text and mutations of valid
 * exports either decode or fail with a MigrationError; nothing else escapes and nothing hangs
 * (each run is bounded by the test timeout).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Encode } from '@bufbuild/protobuf/wire';
import { base64Decode } from '@bufbuild/protobuf/wire';
import { decodeMigrationPayload, decodeMigrationUri, encodeMigrationUris, MigrationError } from '../../../shared/migration';
import { KNOWN_ACCOUNTS } from '../../extension/backup/support/known-accounts';

function onlyNamedErrors(fn: () => unknown): void {
  try {
    const result = fn() as { accounts: unknown[]; invalid: unknown[] };
    expect(Array.isArray(result.accounts)).toBe(true);
    expect(Array.isArray(result.invalid)).toBe(true);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
  }
}

const validUri = encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 3 }).uris[0]!;
const validBytes = base64Decode(decodeURIComponent(validUri.slice(validUri.indexOf('=') + 1)));

/** Flip, overwrite, insert or delete bytes of a valid payload. */
const mutatedBytes = fc
  .array(
    fc.record({
      kind: fc.constantFrom('flip', 'set', 'insert', 'delete'),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((edits) => {
    const bytes = Array.from(validBytes);
    for (const e of edits) {
      const at = e.at % (bytes.length + 1);
      if (e.kind === 'flip' && at < bytes.length) bytes[at] = bytes[at]! ^ (1 << e.value % 8);
      else if (e.kind === 'set' && at < bytes.length) bytes[at] = e.value;
      else if (e.kind === 'insert') bytes.splice(at, 0, e.value);
      else bytes.splice(at, 1);
    }
    return new Uint8Array(bytes);
  });

describe('fuzzing the migration decoder', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => onlyNamedErrors(() => decodeMigrationPayload(bytes))), { numRuns: 2000, seed: 1 });
  });

  it('mutated valid payloads', () => {
    fc.assert(fc.property(mutatedBytes, (bytes) => onlyNamedErrors(() => decodeMigrationPayload(bytes))), { numRuns: 3000, seed: 2 });
  });

  it('mutated payloads as addresses, and random text after the prefix', () => {
    fc.assert(
      fc.property(mutatedBytes, (bytes) => onlyNamedErrors(() => decodeMigrationUri('otpauth-migration://offline?data=' + encodeURIComponent(base64Encode(bytes))))),
      { numRuns: 1000, seed: 3 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => onlyNamedErrors(() => decodeMigrationUri('otpauth-migration://offline?data=' + text))), {
      numRuns: 1000,
      seed: 4,
    });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => onlyNamedErrors(() => decodeMigrationUri(text))), { numRuns: 1000, seed: 5 });
  });

  it('decodes a megabyte of random bytes or refuses it promptly', () => {
    const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    onlyNamedErrors(() => decodeMigrationPayload(big));
  });
});
