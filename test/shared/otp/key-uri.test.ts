/** Key URIs as real services issue them, and malformed ones with the error each must give. */
import { describe, expect, it } from 'vitest';
import { formatKeyUri, KeyUriError, parseKeyUri, type KeyUriErrorCode, type OtpParams } from '../../../shared/otp';

const S = 'JBSWY3DPEHPK3PXP';
const totp = (issuer: string, account: string, extra: Partial<OtpParams> = {}): OtpParams => ({
  type: 'totp',
  secret: S,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
  issuer,
  account,
  ...extra,
});

const VALID: Array<{ service: string; uri: string; expected: OtpParams }> = [
  { service: "Google's key URI example", uri: `otpauth://totp/Example:alice@google.com?secret=${S}&issuer=Example`, expected: totp('Example', 'alice@google.com') },
  {
    service: 'Google account (colon encoded, issuer parameter)',
    uri: `otpauth://totp/Google%3Aalice%40gmail.com?secret=${S.toLowerCase()}&issuer=Google`,
    expected: totp('Google', 'Google:alice@gmail.com'),
  },
  { service: 'GitHub', uri: `otpauth://totp/GitHub:octocat?secret=${S}&issuer=GitHub`, expected: totp('GitHub', 'octocat') },
  {
    service: 'AWS (spaces in issuer)',
    uri: `otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=${S}&issuer=Amazon%20Web%20Services`,
    expected: totp('Amazon Web Services', 'alice@123456789012'),
  },
  { service: 'GitLab', uri: `otpauth://totp/gitlab.com:alice%40example.com?secret=${S}&issuer=gitlab.com`, expected: totp('gitlab.com', 'alice@example.com') },
  {
    service: 'Keycloak (all parameters)',
    uri: `otpauth://totp/myrealm:alice?secret=${S}&digits=8&algorithm=SHA256&issuer=myrealm&period=60`,
    expected: totp('myrealm', 'alice', { digits: 8, algorithm: 'SHA256', period: 60 }),
  },
  {
    service: 'ACME (Google wiki, full form)',
    uri: 'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    expected: totp('ACME Co', 'john.doe@email.com', { secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ' }),
  },
  { service: 'label without issuer', uri: `otpauth://totp/alice@example.com?secret=${S}`, expected: totp('', 'alice@example.com') },
  { service: 'label prefix only (no issuer parameter)', uri: `otpauth://totp/Discord:%20alice?secret=${S}`, expected: totp('Discord', 'alice') },
  { service: 'issuer parameter wins over the label', uri: `otpauth://totp/Old%20Name:bob?secret=${S}&issuer=New%20Name`, expected: totp('New Name', 'bob') },
  {
    service: 'secret in lower case with spaces and padding',
    uri: 'otpauth://totp/Box:carol?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D%3D%3D',
    expected: totp('Box', 'carol'),
  },
  { service: 'upper-case scheme and type', uri: `OTPAUTH://TOTP/X:y?secret=${S}`, expected: totp('X', 'y') },
  { service: "'+' in a query value is a space", uri: `otpauth://totp/a?secret=${S}&issuer=Big+Corp`, expected: totp('Big Corp', 'a') },
  { service: "'+' in the label is a plus", uri: `otpauth://totp/Mail:a+b@x.com?secret=${S}&issuer=Mail`, expected: totp('Mail', 'a+b@x.com') },
  {
    service: 'non-ASCII names (UTF-8)',
    uri: `otpauth://totp/%E6%97%A5%E6%9C%AC:%E5%A4%AA%E9%83%8E?secret=${S}`,
    expected: totp('日本', '太郎'),
  },
  { service: 'unknown parameters (image, color) are ignored', uri: `otpauth://totp/I:a?secret=${S}&image=https%3A%2F%2Fx%2Fy.png&color=red`, expected: totp('I', 'a') },
  {
    service: 'HOTP with counter (Yubico)',
    uri: `otpauth://hotp/Yubico:alice?secret=${S}&counter=42&issuer=Yubico`,
    expected: { ...totp('Yubico', 'alice'), type: 'hotp', counter: 42 },
  },
  {
    service: 'Authenticator extension standard backup: an account without a name',
    uri: `otpauth://totp/Acme:?secret=${S}&issuer=Acme`,
    expected: totp('Acme', 'Acme'),
  },
  { service: 'empty account after a label issuer only', uri: `otpauth://totp/Acme%20Co:?secret=${S}`, expected: totp('Acme Co', 'Acme Co') },
  { service: 'empty account: the issuer parameter names it', uri: `otpauth://hotp/Old:?secret=${S}&issuer=New&counter=3`, expected: { ...totp('New', 'New'), type: 'hotp', counter: 3 } },
  { service: 'SHA512, 10 digits', uri: `otpauth://totp/S:a?secret=${S}&algorithm=sha512&digits=10`, expected: totp('S', 'a', { algorithm: 'SHA512', digits: 10 }) },
];

const INVALID: Array<{ why: string; uri: string; code: KeyUriErrorCode }> = [
  { why: 'web address', uri: 'https://example.com/setup', code: 'not_otpauth' },
  { why: 'plain text', uri: 'hello world', code: 'not_otpauth' },
  { why: 'migration export', uri: 'otpauth-migration://offline?data=CjEKCkhlbGxv', code: 'not_otpauth' },
  { why: 'empty string', uri: '', code: 'not_otpauth' },
  { why: 'unknown type', uri: `otpauth://motp/a?secret=${S}`, code: 'bad_type' },
  { why: 'no type', uri: `otpauth:///a?secret=${S}`, code: 'bad_type' },
  { why: 'no label', uri: `otpauth://totp?secret=${S}`, code: 'bad_label' },
  { why: 'empty label', uri: `otpauth://totp/?secret=${S}`, code: 'bad_label' },
  { why: 'empty issuer and empty account', uri: `otpauth://totp/:?secret=${S}&issuer=Acme`, code: 'bad_label' },
  { why: 'broken percent-encoding in label', uri: `otpauth://totp/Acme:%E0%A4?secret=${S}`, code: 'bad_label' },
  { why: 'no secret', uri: 'otpauth://totp/Acme:a?issuer=Acme', code: 'missing_secret' },
  { why: 'empty secret', uri: 'otpauth://totp/Acme:a?secret=', code: 'missing_secret' },
  { why: 'secret with 0, 1, 8', uri: 'otpauth://totp/Acme:a?secret=JBSWY3DPEHPK3PX0', code: 'bad_secret' },
  { why: 'secret of impossible length', uri: 'otpauth://totp/Acme:a?secret=JBSWY3DPE', code: 'bad_secret' },
  { why: 'secret too short', uri: 'otpauth://totp/Acme:a?secret=JBSW', code: 'bad_secret' },
  { why: 'secret given twice', uri: `otpauth://totp/Acme:a?secret=${S}&secret=${S}`, code: 'bad_secret' },
  { why: 'MD5', uri: `otpauth://totp/Acme:a?secret=${S}&algorithm=MD5`, code: 'bad_algorithm' },
  { why: '5 digits', uri: `otpauth://totp/Acme:a?secret=${S}&digits=5`, code: 'bad_digits' },
  { why: '11 digits', uri: `otpauth://totp/Acme:a?secret=${S}&digits=11`, code: 'bad_digits' },
  { why: 'digits not a number', uri: `otpauth://totp/Acme:a?secret=${S}&digits=six`, code: 'bad_digits' },
  { why: 'period 0', uri: `otpauth://totp/Acme:a?secret=${S}&period=0`, code: 'bad_period' },
  { why: 'period 3601', uri: `otpauth://totp/Acme:a?secret=${S}&period=3601`, code: 'bad_period' },
  { why: 'negative period', uri: `otpauth://totp/Acme:a?secret=${S}&period=-30`, code: 'bad_period' },
  { why: 'fractional period', uri: `otpauth://totp/Acme:a?secret=${S}&period=30.5`, code: 'bad_period' },
  { why: 'HOTP without counter', uri: `otpauth://hotp/Acme:a?secret=${S}`, code: 'bad_counter' },
  { why: 'HOTP negative counter', uri: `otpauth://hotp/Acme:a?secret=${S}&counter=-1`, code: 'bad_counter' },
  { why: 'HOTP counter beyond 2^53', uri: `otpauth://hotp/Acme:a?secret=${S}&counter=9007199254740993`, code: 'bad_counter' },
  { why: 'over 4 KB', uri: `otpauth://totp/Acme:a?secret=${S}&issuer=${'A'.repeat(4097)}`, code: 'too_long' },
  { why: 'over 4 KB in multi-byte characters', uri: `otpauth://totp/Acme:a?secret=${S}&issuer=${'日'.repeat(1400)}`, code: 'too_long' },
];

describe('parseKeyUri', () => {
  it.each(VALID)('reads $service', ({ uri, expected }) => {
    expect(parseKeyUri(uri)).toEqual(expected);
  });

  it.each(INVALID)('refuses $why with $code', ({ uri, code }) => {
    let caught: unknown;
    try {
      parseKeyUri(uri);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeyUriError);
    expect((caught as KeyUriError).code).toBe(code);
    // Messages are for people: a sentence, never a stack or an empty string.
    expect((caught as KeyUriError).message).toMatch(/^[A-Z"].{15,}/);
  });

  it('says a web address is a web address', () => {
    expect(() => parseKeyUri('https://example.com')).toThrow(/web address/);
  });

  it('refuses a 4 KB+ URI before looking at it', () => {
    expect(() => parseKeyUri('x'.repeat(5 * 1024 * 1024))).toThrow(expect.objectContaining({ code: 'too_long' }));
  });
});

describe('formatKeyUri', () => {
  it.each(VALID)('round-trips $service', ({ expected }) => {
    expect(parseKeyUri(formatKeyUri(expected))).toEqual(expected);
  });

  it('encodes the characters that would change the meaning of a URI', () => {
    const p = totp('A & B: C+D', 'me+you@x.com & co: 1');
    const uri = formatKeyUri(p);
    expect(uri).not.toMatch(/ /);
    expect(uri.split('?')[1]!.split('&')).toHaveLength(5);
    expect(parseKeyUri(uri)).toEqual(p);
  });

  it('keeps an account that begins with a space', () => {
    const p = totp('Acme', ' padded');
    expect(parseKeyUri(formatKeyUri(p))).toEqual(p);
  });

  it.each([
    ['empty account', totp('A', ''), 'bad_label'],
    ['bad secret', totp('A', 'a', { secret: '0000' }), 'bad_secret'],
    ['bad digits', totp('A', 'a', { digits: 4 }), 'bad_digits'],
    ['bad period', totp('A', 'a', { period: 0 }), 'bad_period'],
    ['lone surrogate', totp('A', 'a\uD800'), 'bad_label'],
  ] as const)('refuses %s', (_why, params, code) => {
    expect(() => formatKeyUri(params)).toThrow(expect.objectContaining({ name: 'KeyUriError', code }));
  });
});
