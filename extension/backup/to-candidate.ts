/**
 * Turns one entry of any format into an import candidate or a problem. Every account passes
 * the OTP core's strict parser (`parseKeyUri(formatKeyUri(...))`), so an imported account is
 * exactly what a scanned one would be.
 */
import { formatKeyUri, KeyUriError, parseKeyUri, type OtpParams } from '../../shared/otp';
import { NO_META, type AccountMeta, type ImportCandidate, type ImportProblem } from './import-types';

/** Fields as a format gives them, before checking. */
export type RawAccount = {
  type: unknown;
  secret: unknown;
  algorithm: unknown;
  digits: unknown;
  period: unknown;
  counter: unknown;
  issuer: unknown;
  account: unknown;
};

export type CandidateResult = { candidate: ImportCandidate } | { problem: ImportProblem };

/** A readable name for an entry, from whatever it carries ("GitHub (alice)"). */
export function labelOf(issuer: unknown, account: unknown): string {
  const i = typeof issuer === 'string' ? issuer.trim() : '';
  const a = typeof account === 'string' ? account.trim() : '';
  const label = i && a ? `${i} (${a})` : i || a || 'unnamed account';
  return label.length > 80 ? label.slice(0, 77) + '...' : label;
}

export function problem(where: string, label: string, code: string, message: string): { problem: ImportProblem } {
  return { problem: { where, label, code, message } };
}

/** Validates `raw` into canonical `OtpParams`. Types are checked here; ranges by the OTP core. */
export function toCandidate(where: string, raw: RawAccount, meta: AccountMeta = NO_META): CandidateResult {
  const label = labelOf(raw.issuer, raw.account);
  const type = typeof raw.type === 'string' ? raw.type.toLowerCase() : raw.type;
  if (type !== 'totp' && type !== 'hotp') {
    return problem(where, label, 'bad_type', `"${String(raw.type).slice(0, 20)}" codes are not standard one-time codes (TOTP or HOTP); this extension cannot generate them.`);
  }
  const algorithm = typeof raw.algorithm === 'string' ? raw.algorithm.toUpperCase().replace('-', '') : raw.algorithm;
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') {
    const md5 = algorithm === 'MD5';
    return problem(
      where,
      label,
      md5 ? 'md5_unsupported' : 'bad_algorithm',
      md5
        ? 'This account uses the MD5 algorithm, which no standard one-time code uses and this extension does not support.'
        : `"${String(raw.algorithm).slice(0, 20)}" is not a supported algorithm; expected SHA1, SHA256 or SHA512.`,
    );
  }
  for (const [field, value] of [
    ['secret', raw.secret],
    ['issuer', raw.issuer],
    ['account', raw.account],
  ] as const) {
    if (typeof value !== 'string') return problem(where, label, 'bad_entry', `The ${field} of this entry is missing or not text.`);
  }
  for (const [field, value] of [
    ['digits', raw.digits],
    ['period', raw.period],
    ['counter', raw.counter],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      return problem(where, label, 'bad_entry', `The ${field} of this entry is missing or not a whole number.`);
    }
  }
  const params = {
    type,
    secret: raw.secret as string,
    algorithm,
    digits: raw.digits as number,
    period: type === 'hotp' ? 30 : (raw.period as number),
    counter: type === 'hotp' ? (raw.counter as number) : 0,
    issuer: (raw.issuer as string).trim(),
    account: (raw.account as string).trim(),
  } satisfies OtpParams;
  if (params.account === '') params.account = params.issuer;
  try {
    return { candidate: { where, params: parseKeyUri(formatKeyUri(params)), meta } };
  } catch (error) {
    if (error instanceof KeyUriError) return problem(where, label, error.code, error.message);
    throw error;
  }
}
