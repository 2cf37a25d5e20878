/**
 * One account as the sync layer sees it: everything needed to rebuild it in another browser,
 * with a clock on every field a user can edit, so merges can say which edit is newer. Lives
 * only in memory and, packed and encrypted, in storage.sync (sync-format.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { OtpParams, OtpType } from '../../shared/otp';

/** A field value and when it was last set (ms since the epoch). */
export type Stamped<T> = { value: T; at: number };

/**
 * The OTP parameters (never changed after an account is added; the HOTP counter only grows, and
 * in a merge the higher counter wins, so a code once shown is never shown again), then the
 * stamped fields a user can edit.
 */
export type SyncAccount = Pick<OtpParams, 'secret' | 'type' | 'algorithm' | 'digits' | 'period' | 'counter'> & {
  id: string;
  createdAt: number;
  /**
   * The same account added in two browsers (same secret, type, issuer and name when it was
   * added): fixed for the account's life, so a later rename does not split a merged pair.
   */
  twin: string;
  names: Stamped<{ issuer: string; account: string }>;
  binding: Stamped<{ origin: string | null; site: string | null }>;
  pinned: Stamped<boolean>;
  order: Stamped<number>;
  /** A tombstone (`value` = when deleted) or null (never deleted, or restored at `at`). */
  deletedAt: Stamped<number | null>;
};

/** The twin key of an account as it is added: a hash, so the packed record stays small. */
export function twinOf(params: { type: OtpType; secret: string; issuer: string; account: string }): string {
  const text = [params.type, params.secret.toUpperCase().replace(/=+$/, ''), params.issuer, params.account].join('\n');
  const digest = sha256(new TextEncoder().encode(text)).subarray(0, 12);
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** The newest edit of anything but the tombstone. */
export function lastEditAt(account: SyncAccount): number {
  return Math.max(account.names.at, account.binding.at, account.pinned.at, account.order.at);
}
