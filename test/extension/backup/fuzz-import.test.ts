/**
 * Fuzzing every import parser: random bytes, random text and mutations of valid files of each
 * format either import or fail with a BackupError; nothing else escapes and nothing hangs
 * (each run is bounded by the test timeout). The parsers never touch the vault, so there is
 * nothing they could half-write.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BackupError, readImport, writeEncryptedBackup, writePlainBackup, type BackupAccount } from '../../../extension/backup';
import { encodeMigrationUris } from '../../../shared/migration';
import {
  aegisEncryptedFile,
  aegisPlainFile,
  andOtpFile,
  authenticatorExtensionFile,
  bitwardenCsvFile,
  bitwardenJsonFile,
  enteTextFile,
  protonFile,
  twoFasEncryptedFile,
  twoFasPlainFile,
  uriListFile,
} from './support/fixtures';
import { KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';

const PASSWORD = 'fuzzing password';
const ACCOUNTS = [...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS];

/** How the last runs ended, so a test can show its inputs reached past the first check. */
const outcomes = { imported: 0, refused: 0 };

async function onlyNamedErrors(input: Uint8Array | string): Promise<void> {
  try {
    const parsed = await readImport(input, { password: PASSWORD });
    expect(Array.isArray(parsed.candidates)).toBe(true);
    for (const c of parsed.candidates) expect(typeof c.params.secret).toBe('string');
    outcomes.imported++;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
    outcomes.refused++;
  }
}

/** Structural edits of a valid JSON file: a random value replaced, a key deleted, a list emptied. */
function jsonMutations(valid: string): fc.Arbitrary<string> {
  const root = JSON.parse(valid) as unknown;
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(root, []);
  return fc
    .array(fc.record({ path: fc.nat(paths.length - 1), remove: fc.boolean(), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.integer(), fc.constant(null)) }), {
      minLength: 1,
      maxLength: 3,
    })
    .map((edits) => {
      const copy = JSON.parse(valid) as unknown;
      for (const edit of edits) {
        const path = paths[edit.path]!;
        if (path.length === 0) continue;
        let parent = copy as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) {
          const next = parent?.[key];
          if (typeof next !== 'object' || next === null) break;
          parent = next as Record<string | number, unknown>;
        }
        const last = path[path.length - 1]!;
        if (typeof parent !== 'object' || parent === null) continue;
        if (edit.remove && !Array.isArray(parent)) delete parent[last];
        else parent[last] = edit.value;
      }
      return JSON.stringify(copy);
    });
}

/** Character-level edits of a valid file: flips, inserts, deletes, and swaps of JSON tokens. */
function mutations(valid: string): fc.Arbitrary<string> {
  const tokens = ['"', '{', '}', '[', ']', ',', ':', 'null', '0', '-1', '1e400', '"x"', 'true', '\\u0000', '\n'];
  return fc
    .array(
      fc.record({
        kind: fc.constantFrom('flip', 'insert', 'delete', 'token', 'cut'),
        at: fc.nat(),
        char: fc.integer({ min: 32, max: 0x2fff }),
        token: fc.constantFrom(...tokens),
        length: fc.integer({ min: 1, max: 40 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((edits) => {
      let text = valid;
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        if (e.kind === 'flip') text = text.slice(0, at) + String.fromCharCode(e.char) + text.slice(at + 1);
        else if (e.kind === 'insert') text = text.slice(0, at) + String.fromCharCode(e.char) + text.slice(at);
        else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
        else if (e.kind === 'token') text = text.slice(0, at) + e.token + text.slice(at + e.length);
        else text = text.slice(0, at);
      }
      return text;
    });
}

const ownAccounts: BackupAccount[] = ACCOUNTS.map((p, i) => ({
  ...p,
  id: `a${i}`,
  origin: i % 2 ? 'https://example.com' : null,
  site: i % 2 ? 'example.com' : null,
  pinned: false,
  previous: false,
  order: i,
  createdAt: null,
  updatedAt: null,
}));

const formats: [string, () => Promise<string> | string, number][] = [
  ['otpauth list', () => uriListFile(ACCOUNTS), 300],
  ['Google Authenticator export', () => encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 4 }).uris.join('\n'), 300],
  ['Aegis plain', () => aegisPlainFile(ACCOUNTS), 300],
  ['Aegis encrypted', () => aegisEncryptedFile(ACCOUNTS, PASSWORD), 60],
  ['2FAS plain', () => twoFasPlainFile(ACCOUNTS), 300],
  ['2FAS encrypted', () => twoFasEncryptedFile(ACCOUNTS, PASSWORD), 60],
  ['Authenticator extension', () => authenticatorExtensionFile(ACCOUNTS), 300],
  ['Bitwarden JSON', () => bitwardenJsonFile(ACCOUNTS), 300],
  ['Bitwarden CSV', () => bitwardenCsvFile(ACCOUNTS), 300],
  ['Proton Authenticator', () => protonFile(ACCOUNTS), 300],
  ['andOTP plain', () => andOtpFile(ACCOUNTS), 300],
  ['Ente Auth plain text', () => enteTextFile(ACCOUNTS), 300],
  ['our plain backup', () => writePlainBackup({ accounts: ownAccounts, settings: { a: 1 } }, { now: 0 }), 300],
  ['our encrypted backup', () => writeEncryptedBackup({ accounts: ownAccounts, settings: {} }, { password: PASSWORD, now: 0, scrypt: { n: 1024, r: 8, p: 1 } }), 60],
];

describe('fuzzing the importers', () => {
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), onlyNamedErrors), { numRuns: 500, seed: 11 });
  });

  it('random text and random JSON', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2000 }), onlyNamedErrors), { numRuns: 500, seed: 12 });
    await fc.assert(fc.asyncProperty(fc.json({ maxDepth: 4 }), onlyNamedErrors), { numRuns: 500, seed: 13 });
    // JSON shaped like each format, with random values in its fields.
    const shaped = fc.oneof(
      fc.record({ version: fc.anything(), header: fc.anything(), db: fc.anything() }),
      fc.record({ services: fc.array(fc.anything()), schemaVersion: fc.integer({ min: 1, max: 4 }), servicesEncrypted: fc.anything() }),
      fc.dictionary(fc.string(), fc.record({ secret: fc.string(), type: fc.anything(), digits: fc.anything(), period: fc.anything(), algorithm: fc.anything() })),
      fc.record({ encrypted: fc.boolean(), items: fc.array(fc.record({ type: fc.anything(), name: fc.anything(), favorite: fc.anything(), login: fc.record({ username: fc.anything(), totp: fc.oneof(fc.string(), fc.anything()) }) })) }),
      fc.record({ version: fc.integer({ min: 0, max: 2 }), entries: fc.array(fc.record({ id: fc.string(), content: fc.record({ uri: fc.oneof(fc.string(), fc.anything()), entry_type: fc.anything(), name: fc.anything() }) })) }),
      fc.array(fc.record({ secret: fc.string(), type: fc.string(), issuer: fc.anything(), label: fc.anything(), digits: fc.anything(), period: fc.anything(), counter: fc.anything(), algorithm: fc.anything() }), { minLength: 1 }),
      fc.record({ format: fc.constant('phone-free-authenticator-backup'), version: fc.constant(1), encryption: fc.constant(null), content: fc.record({ accounts: fc.array(fc.anything()), settings: fc.anything() }) }),
    );
    await fc.assert(fc.asyncProperty(shaped, (value) => onlyNamedErrors(JSON.stringify(value))), { numRuns: 800, seed: 14 });
  });

  it.each(formats)('mutated %s', async (_name, make, runs) => {
    const valid = await make();
    await onlyNamedErrors(valid);
    await fc.assert(fc.asyncProperty(mutations(valid), onlyNamedErrors), { numRuns: runs, seed: 15 });
    if (valid.trimStart().startsWith('{')) {
      outcomes.imported = 0;
      outcomes.refused = 0;
      await fc.assert(fc.asyncProperty(jsonMutations(valid), onlyNamedErrors), { numRuns: runs, seed: 16 });
      // Structural edits leave most plain files readable, so the fuzzing reaches the entry
      // parsers (an encrypted file authenticates its content, so there it mostly cannot).
      if (!_name.includes('encrypted')) expect(outcomes.imported).toBeGreaterThan(runs / 4);
    }
  });
});
