/**
 * Stored accounts as the rest of the extension sees them: the shape check, and the views
 * (summary, list entry, OTP parameters, label, list position). IndexedDB data can be damaged
 * (disk errors, a half-written upgrade, someone editing it); a record that fails the shape
 * check is reported as `corrupted_record` for itself and skipped in lists, so the others
 * stay readable.
 */
import { OTP_ALGORITHMS, type OtpParams } from '../../shared/otp';
import type { AccountSummary } from '../../shared/protocol/automation';
import type { AccountView } from '../../shared/protocol/extension-messages';
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

export function byPosition(a: AccountRecord, b: AccountRecord): number {
  return Number(b.pinned) - Number(a.pinned) || a.order - b.order || a.createdAt - b.createdAt;
}

export function paramsOf(record: AccountRecord, secret: string): OtpParams {
  return {
    type: record.type,
    secret,
    algorithm: record.algorithm,
    digits: record.digits,
    period: record.period,
    counter: record.counter,
    issuer: record.issuer,
    account: record.account,
  };
}

export function toSummary(view: AccountSummary): AccountSummary {
  const { id, issuer, account, origin, site, type, digits, period, previous } = view;
  return { id, issuer, account, origin, site, type, digits, period, previous };
}

export function toView(record: AccountRecord): AccountView {
  return {
    id: record.id,
    issuer: record.issuer,
    account: record.account,
    origin: record.origin,
    site: record.site,
    type: record.type,
    digits: record.digits,
    period: record.period,
    previous: record.previous,
    pinned: record.pinned,
    order: record.order,
    createdAt: record.createdAt,
    deletedAt: record.deletedAt,
  };
}

export function labelOf(record: AccountRecord): string {
  return record.issuer ? `${record.issuer} (${record.account})` : record.account;
}
