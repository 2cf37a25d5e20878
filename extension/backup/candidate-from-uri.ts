/**
 * One entry that carries its account as an `otpauth://` address (Bitwarden's `login.totp`,
 * Proton Authenticator, Ente Auth) or, as Bitwarden also allows, a bare base32 secret. The
 * app's own names fill in what the address leaves out; Steam codes are named and refused.
 */
import { KeyUriError, parseKeyUri } from '../../shared/otp';
import { NO_META, type AccountMeta } from './import-types';
import { labelOf, problem, toCandidate, type CandidateResult } from './to-candidate';

/** The names the app shows beside the code: used when the address has none. */
export type EntryNames = { issuer: string; account: string };

const STEAM_MESSAGE = 'Steam codes are not standard one-time codes; this extension cannot generate them.';

/** Reads `value` (an otpauth:// address or a bare base32 secret) as one account. */
export function candidateFromUri(where: string, value: string, names: EntryNames, meta: AccountMeta = NO_META): CandidateResult {
  const text = value.trim();
  const label = labelOf(names.issuer, names.account);
  if (/^steam:\/\//i.test(text) || /^otpauth:\/\/steam\//i.test(text)) return problem(where, label, 'bad_type', STEAM_MESSAGE);
  if (!/^otpauth:/i.test(text)) {
    // Bitwarden lets people paste the bare setup key: TOTP, SHA1, 6 digits, 30 s.
    const issuer = names.issuer.trim();
    const account = names.account.trim() || issuer;
    return toCandidate(where, { type: 'totp', secret: text, algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer, account }, meta);
  }
  try {
    const params = parseKeyUri(withLabel(text, names));
    // An address without an issuer takes the app's name for the entry when it is another name.
    const issuer = params.issuer === '' && names.issuer.trim() !== params.account ? names.issuer.trim() : params.issuer;
    return toCandidate(where, { ...params, issuer }, meta);
  } catch (error) {
    if (error instanceof KeyUriError) return problem(where, label, error.code, error.message);
    throw error;
  }
}

/** `otpauth://totp/?secret=...` (no label at all) gets the app's name as its account. */
function withLabel(uri: string, names: EntryNames): string {
  const match = /^(otpauth:\/\/[a-z]+\/)(?=\?|$)/i.exec(uri);
  const name = names.account.trim() || names.issuer.trim();
  const prefix = match?.[1];
  if (prefix === undefined || name === '') return uri;
  return prefix + encodeURIComponent(name) + uri.slice(prefix.length);
}
