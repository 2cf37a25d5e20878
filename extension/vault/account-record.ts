/**
 * The shape check for stored accounts. IndexedDB data can be damaged (disk errors, a
 * half-written upgrade, someone editing it); a record that fails this check is reported as
 * `corrupted_record` for itself and skipped in lists, so the others stay readable.
 */
import { OTP_ALGORITHMS } from '../../shared/otp';
import type { AccountRecord } from './vault-schema';

export function isAccountRecord(value: unknown): value is AccountRecord {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  const secret = r.secret as Record<string, unknown> | null | undefined;
  return (
    typeof r.id === 'string' &&
    typeof r.issuer === 'string' &&
    typeof r.account === 'string' &&
    (r.type === 'totp' || r.type === 'hotp') &&
    OTP_ALGORITHMS.includes(r.algorithm as never) &&
    Number.isInteger(r.digits) &&
    Number.isInteger(r.period) &&
    Number.isSafeInteger(r.counter) &&
    typeof secret === 'object' &&
    secret !== null &&
    secret.iv instanceof Uint8Array &&
    secret.data instanceof Uint8Array &&
    typeof r.fingerprint === 'string' &&
    (r.origin === null || typeof r.origin === 'string') &&
    (r.site === null || typeof r.site === 'string') &&
    typeof r.createdAt === 'number' &&
    typeof r.identity === 'string' &&
    typeof r.order === 'number' &&
    typeof r.pinned === 'boolean' &&
    typeof r.previous === 'boolean' &&
    (r.deletedAt === null || typeof r.deletedAt === 'number')
  );
}
