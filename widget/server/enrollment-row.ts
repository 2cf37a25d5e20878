/**
 * A pending enrolment as the SQL stores keep it (snake_case columns), and its mapping to the
 * `StoredEnrollment` record. Time columns come back as numbers from SQLite and as strings from
 * PostgreSQL's bigint (node-postgres keeps 64-bit integers exact as text).
 */
import type { OtpAlgorithm } from '../../shared/otp';
import type { StoredEnrollment } from './two-factor-store';

export type EnrollmentRow = {
  user_id: string;
  id: string;
  sealed_secret: string;
  issuer: string;
  account: string;
  algorithm: string;
  digits: number;
  period: number;
  created_at: number | string;
  expires_at: number | string;
  replaces_factor_id: string | null;
};

export function toEnrollment(row: EnrollmentRow): StoredEnrollment {
  return {
    id: row.id,
    userId: row.user_id,
    sealedSecret: row.sealed_secret,
    issuer: row.issuer,
    account: row.account,
    algorithm: row.algorithm as OtpAlgorithm,
    digits: row.digits,
    period: row.period,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    replacesFactorId: row.replaces_factor_id,
  };
}
