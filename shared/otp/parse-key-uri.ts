/**
 * Strict parser for `otpauth://` key URIs (Google Authenticator's Key URI format).
 * Every URI that enters the product from a QR code, a paste or a file passes through here.
 */
import { KeyUriError } from './key-uri-error';
import { normalizeSecret } from './base32-secret';
import {
  DEFAULT_PERIOD,
  MAX_DIGITS,
  MAX_KEY_URI_BYTES,
  MAX_PERIOD,
  MIN_DIGITS,
  MIN_PERIOD,
  OTP_ALGORITHMS,
  type OtpAlgorithm,
  type OtpParams,
  type OtpType,
} from './otp-params';

const SCHEME = 'otpauth://';
const INTEGER = /^\d+$/;

/**
 * Parses a key URI into canonical `OtpParams`: secret upper-case without padding,
 * `counter` 0 for TOTP, `period` 30 for HOTP, `issuer` '' when absent.
 * @throws KeyUriError with a stable `code` for anything it does not accept.
 */
export function parseKeyUri(uri: string): OtpParams {
  if (typeof uri !== 'string') throw new KeyUriError('not_otpauth', 'Expected the text of an otpauth:// address.');
  if (utf8Length(uri) > MAX_KEY_URI_BYTES) {
    throw new KeyUriError('too_long', `This address is longer than ${MAX_KEY_URI_BYTES / 1024} KB; no authenticator code is that long.`);
  }
  const text = uri.trim();
  if (text.slice(0, SCHEME.length).toLowerCase() !== SCHEME) {
    throw new KeyUriError('not_otpauth', describeNonOtpauth(text));
  }
  const rest = text.slice(SCHEME.length).replace(/#.*$/s, '');
  const slash = rest.indexOf('/');
  const host = (slash < 0 ? rest.replace(/\?.*$/s, '') : rest.slice(0, slash)).toLowerCase();
  if (host !== 'totp' && host !== 'hotp') {
    throw new KeyUriError('bad_type', `"${truncate(host)}" is not an OTP type: an otpauth:// address must say totp or hotp.`);
  }
  const type: OtpType = host;
  if (slash < 0) throw new KeyUriError('bad_label', 'The address names no account: expected otpauth://' + type + '/Issuer:account?secret=...');
  const afterSlash = rest.slice(slash + 1);
  const question = afterSlash.indexOf('?');
  const rawLabel = question < 0 ? afterSlash : afterSlash.slice(0, question);
  const query = question < 0 ? '' : afterSlash.slice(question + 1);

  const { labelIssuer, account: labelAccount } = parseLabel(rawLabel);
  const params = parseQuery(query);

  const issuerParam = params.get('issuer');
  const issuer = issuerParam !== undefined && issuerParam !== '' ? issuerParam : labelIssuer;
  // Apps that export an account without a name write "Issuer:" with nothing after it (the
  // Authenticator extension's standard backup, Ente): the account is then named for its issuer,
  // as every JSON import and Google's export already do.
  const account = labelAccount === '' ? issuer : labelAccount;

  const rawSecret = params.get('secret');
  if (rawSecret === undefined) {
    throw new KeyUriError('missing_secret', 'The code has no secret key. Ask the site for a new QR code or setup key.');
  }
  const secret = normalizeSecret(rawSecret);

  const algorithm = parseAlgorithm(params.get('algorithm'));
  const digits = parseBoundedInteger(params.get('digits'), MIN_DIGITS, MAX_DIGITS, 6, 'bad_digits', 'digits');
  const period = parseBoundedInteger(params.get('period'), MIN_PERIOD, MAX_PERIOD, DEFAULT_PERIOD, 'bad_period', 'period (seconds)');
  let counter = 0;
  if (type === 'hotp') {
    const rawCounter = params.get('counter');
    if (rawCounter === undefined) {
      throw new KeyUriError('bad_counter', 'This counter-based (HOTP) code has no counter value; ask the site for a new QR code.');
    }
    counter = parseBoundedInteger(rawCounter, 0, Number.MAX_SAFE_INTEGER, 0, 'bad_counter', 'counter');
  }
  return { type, secret, algorithm, digits, period: type === 'hotp' ? DEFAULT_PERIOD : period, counter, issuer, account };
}

function parseLabel(rawLabel: string): { labelIssuer: string; account: string } {
  // Split on the first literal colon before decoding, so an encoded %3A stays inside a name.
  const colon = rawLabel.indexOf(':');
  const rawIssuer = colon < 0 ? '' : rawLabel.slice(0, colon);
  const rawAccount = colon < 0 ? rawLabel : rawLabel.slice(colon + 1);
  const labelIssuer = decodeComponent(rawIssuer, 'bad_label', 'issuer name');
  let account = decodeComponent(rawAccount, 'bad_label', 'account name');
  // The format allows optional spaces after the issuer prefix ("Example: alice").
  if (colon >= 0) account = account.replace(/^ +/, '');
  // An empty account is named for its issuer by the caller; only "Issuer:" says there is one.
  if (account === '' && labelIssuer === '') {
    throw new KeyUriError('bad_label', 'The address names no account: expected otpauth://totp/Issuer:account?secret=...');
  }
  return { labelIssuer, account };
}

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq), 'bad_label', 'parameter name').toLowerCase();
    const code = errorCodeFor(key);
    const value = decodeComponent((eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' '), code, `"${truncate(key)}" parameter`);
    if (params.has(key)) {
      throw new KeyUriError(code, `The address gives "${truncate(key)}" twice; a code must say it once.`);
    }
    params.set(key, value);
  }
  return params;
}

function errorCodeFor(key: string): KeyUriError['code'] {
  switch (key) {
    case 'secret':
      return 'bad_secret';
    case 'algorithm':
      return 'bad_algorithm';
    case 'digits':
      return 'bad_digits';
    case 'period':
      return 'bad_period';
    case 'counter':
      return 'bad_counter';
    default:
      return 'bad_label';
  }
}

function parseAlgorithm(raw: string | undefined): OtpAlgorithm {
  if (raw === undefined) return 'SHA1';
  const upper = raw.toUpperCase().replace('-', '');
  const found = OTP_ALGORITHMS.find((a) => a === upper);
  if (!found) {
    throw new KeyUriError('bad_algorithm', `"${truncate(raw)}" is not a supported algorithm; expected SHA1, SHA256 or SHA512.`);
  }
  return found;
}

function parseBoundedInteger(
  raw: string | undefined,
  min: number,
  max: number,
  fallback: number,
  code: KeyUriError['code'],
  what: string,
): number {
  if (raw === undefined) return fallback;
  const value = INTEGER.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new KeyUriError(code, `"${truncate(raw)}" is not a valid ${what}: expected a whole number from ${min} to ${max}.`);
  }
  return value;
}

function decodeComponent(raw: string, code: KeyUriError['code'], what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw new KeyUriError(code, `The ${what} is not valid percent-encoded UTF-8 text.`, { cause });
  }
}

function describeNonOtpauth(text: string): string {
  if (/^otpauth-migration:\/\//i.test(text)) {
    return 'This is a Google Authenticator export (otpauth-migration://), not a single account; import it instead.';
  }
  if (/^https?:\/\//i.test(text)) return 'This holds a web address, not an authenticator code (otpauth://).';
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return 'This is not an authenticator code: expected an otpauth:// address.';
  return 'This is plain text, not an authenticator code: expected an otpauth:// address.';
}

function utf8Length(text: string): number {
  // Every UTF-16 unit is at least one byte: skip encoding hostile megabyte inputs.
  return text.length > MAX_KEY_URI_BYTES ? text.length : new TextEncoder().encode(text).length;
}

function truncate(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}
