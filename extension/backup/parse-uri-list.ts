/**
 * A list of otpauth:// addresses, one per line (blank lines and # comments ignored). Lines may
 * also hold Google Authenticator exports (otpauth-migration://), whose accounts join the list.
 * Every bad line is reported with its line number and the parser's own message.
 */
import { KeyUriError, parseKeyUri } from '../../shared/otp';
import {
  addMigrationPart,
  decodeMigrationUri,
  describeMigrationProgress,
  MigrationError,
  migrationBatchProgress,
  type MigrationBatchState,
} from '../../shared/migration';
import { NO_META, type ImportCandidate, type ImportProblem, type ParsedImport } from './import-types';
import { labelOfLine } from './label-of-line';
import { labelOf } from './to-candidate';

const MIGRATION = /^otpauth-migration:\/\//i;

export function parseUriList(text: string): ParsedImport {
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  const notes: string[] = [];
  const batches = new Map<number, MigrationBatchState>();
  let migrationLines = 0;
  let otpauthLines = 0;

  text.split(/\r\n|\r|\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    const where = `line ${i + 1}`;
    if (line === '' || line.startsWith('#')) return;
    if (MIGRATION.test(line)) {
      migrationLines++;
      try {
        const decoded = decodeMigrationUri(line);
        for (const a of decoded.accounts) candidates.push({ where: `${where}, account ${a.index + 1}`, params: a.params, meta: NO_META });
        for (const p of decoded.invalid) {
          invalid.push({ where: `${where}, account ${p.index + 1}`, label: labelOf(p.issuer, p.name), code: p.code, message: p.message });
        }
        const key = decoded.batch.id * 1000 + decoded.batch.size;
        batches.set(key, addMigrationPart(batches.get(key) ?? null, decoded));
      } catch (error) {
        if (!(error instanceof MigrationError)) throw error;
        invalid.push({ where, label: 'Google Authenticator export', code: error.code, message: error.message });
      }
      return;
    }
    otpauthLines++;
    try {
      candidates.push({ where, params: parseKeyUri(line), meta: NO_META });
    } catch (error) {
      if (!(error instanceof KeyUriError)) throw error;
      invalid.push({ where, label: labelOfLine(line), code: error.code, message: error.message });
    }
  });

  for (const state of batches.values()) {
    const progress = migrationBatchProgress(state);
    if (!progress.complete) notes.push(`This Google Authenticator export has ${progress.total} QR codes and only some are here: ${describeMigrationProgress(progress)}`);
  }
  const format = migrationLines > 0 && otpauthLines === 0 ? 'google-migration' : 'otpauth-list';
  return { format, encrypted: false, candidates, invalid, notes, settings: null };
}
