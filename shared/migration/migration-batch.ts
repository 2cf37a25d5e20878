/**
 * Collecting an export spread over several QR codes ("2 of 3 scanned"). The state is plain
 * JSON so a service worker can keep it in storage.session between scans; every function
 * returns a new state and never mutates its input.
 */
import type { OtpParams } from '../otp';
import type { DecodedMigration, MigrationAccount, MigrationProblem } from './decode-migration';
import { MigrationError } from './migration-error';

export type MigrationBatchState = {
  id: number;
  size: number;
  /** Decoded parts by their 0-based batch index (as a string key: JSON objects have no number keys). */
  parts: Record<string, { accounts: MigrationAccount[]; invalid: MigrationProblem[] }>;
};

export type MigrationBatchProgress = {
  scanned: number;
  total: number;
  complete: boolean;
  /** 1-based numbers of the codes still to scan, as the user counts them. */
  missing: number[];
};

/**
 * Adds one scanned code to `state` (null to start). Scanning a code twice is harmless.
 * @throws MigrationError('batch_mismatch') when `part` belongs to another export.
 */
export function addMigrationPart(state: MigrationBatchState | null, part: DecodedMigration): MigrationBatchState {
  if (state !== null && (state.id !== part.batch.id || state.size !== part.batch.size)) {
    const progress = migrationBatchProgress(state);
    throw new MigrationError(
      'batch_mismatch',
      `This QR code belongs to another export than the one being scanned (${progress.scanned} of ${progress.total} scanned). Scan the remaining codes of the first export, or start over.`,
    );
  }
  const base: MigrationBatchState = state ?? { id: part.batch.id, size: part.batch.size, parts: {} };
  return { ...base, parts: { ...base.parts, [String(part.batch.index)]: { accounts: part.accounts, invalid: part.invalid } } };
}

/** How far the collection is: `{scanned: 2, total: 3, missing: [3]}`. */
export function migrationBatchProgress(state: MigrationBatchState): MigrationBatchProgress {
  const missing: number[] = [];
  for (let i = 0; i < state.size; i++) if (state.parts[String(i)] === undefined) missing.push(i + 1);
  return { scanned: state.size - missing.length, total: state.size, complete: missing.length === 0, missing };
}

/** "2 of 3 QR codes scanned; still to scan: 3." */
export function describeMigrationProgress(progress: MigrationBatchProgress): string {
  if (progress.complete) return `All ${progress.total} QR code${progress.total === 1 ? '' : 's'} scanned.`;
  return `${progress.scanned} of ${progress.total} QR codes scanned; still to scan: ${progress.missing.join(', ')}.`;
}

/** Every account and problem collected so far, in export order (code by code). */
export function migrationBatchContents(state: MigrationBatchState): { accounts: OtpParams[]; invalid: (MigrationProblem & { part: number })[] } {
  const accounts: OtpParams[] = [];
  const invalid: (MigrationProblem & { part: number })[] = [];
  for (let i = 0; i < state.size; i++) {
    const part = state.parts[String(i)];
    if (part === undefined) continue;
    for (const a of part.accounts) accounts.push(a.params);
    for (const p of part.invalid) invalid.push({ ...p, part: i + 1 });
  }
  return { accounts, invalid };
}
