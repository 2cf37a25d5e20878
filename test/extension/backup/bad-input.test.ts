/**
 * Bad input gets a specific message: wrong passwords, truncated and corrupted files, unknown
 * formats, files of several megabytes and URI lists with some bad lines (whose valid lines
 * still import).
 */
import { describe, expect, it } from 'vitest';
import { BackupError, detectFormat, readImport } from '../../../extension/backup';
import { aegisEncryptedFile, aegisPlainFile, authenticatorExtensionFile, twoFasEncryptedFile, twoFasPlainFile } from './support/fixtures';
import { KNOWN_ACCOUNTS } from './support/known-accounts';

const PASSWORD = 'hunter2hunter2';

async function errorOf(promise: Promise<unknown>): Promise<BackupError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BackupError);
    return error as BackupError;
  }
  throw new Error('expected a BackupError');
}

describe('passwords', () => {
  it.each([
    ['Aegis', () => aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD), /unlock Aegis with/],
    ['2FAS', () => twoFasEncryptedFile(KNOWN_ACCOUNTS, PASSWORD), /exporting it from 2FAS/],
  ])('%s: missing, then wrong', async (_name, file, hint) => {
    const text = file();
    const missing = await errorOf(readImport(text));
    expect(missing.code).toBe('password_required');
    expect(missing.message).toMatch(hint);
    const wrong = await errorOf(readImport(text, { password: 'wrong password' }));
    expect(wrong.code).toBe('wrong_password');
    expect(wrong.message).toMatch(hint);
  });

  it('Aegis: a vault with only a biometric slot says to set a password in Aegis', async () => {
    const json = JSON.parse(aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)) as { header: { slots: { type: number }[] } };
    json.header.slots[0]!.type = 2;
    const error = await errorOf(readImport(JSON.stringify(json), { password: PASSWORD }));
    expect(error.code).toBe('unsupported_encryption');
    expect(error.message).toMatch(/biometrics/);
  });
});

describe('damaged files', () => {
  it('Aegis: content edited after encryption is damage, not a wrong password', async () => {
    const json = JSON.parse(aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)) as { db: string };
    const bytes = Buffer.from(json.db, 'base64');
    bytes[0] = bytes[0]! ^ 0x80;
    const error = await errorOf(readImport(JSON.stringify({ ...json, db: bytes.toString('base64') }), { password: PASSWORD }));
    expect(error.code).toBe('corrupted');
    expect(error.message).toMatch(/password is right/);
  });

  it('2FAS: with a reference, damaged accounts are told apart from a wrong password', async () => {
    const json = JSON.parse(twoFasEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)) as { servicesEncrypted: string };
    const [data, salt, iv] = json.servicesEncrypted.split(':') as [string, string, string];
    const bytes = Buffer.from(data, 'base64');
    bytes[3] = bytes[3]! ^ 1;
    const edited = JSON.stringify({ ...json, servicesEncrypted: `${bytes.toString('base64')}:${salt}:${iv}` });
    expect((await errorOf(readImport(edited, { password: PASSWORD }))).code).toBe('corrupted');
    expect((await errorOf(readImport(edited, { password: 'nope nope' }))).code).toBe('wrong_password');
  });

  it('names the field that is not valid base64 or hex', async () => {
    const json = JSON.parse(aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)) as { header: { params: { nonce: string } } };
    json.header.params.nonce = 'zz';
    const error = await errorOf(readImport(JSON.stringify(json), { password: PASSWORD }));
    expect(error).toMatchObject({ code: 'corrupted', message: expect.stringContaining('header.params.nonce') });
    const twoFas = JSON.parse(twoFasEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)) as Record<string, unknown>;
    const broken = await errorOf(readImport(JSON.stringify({ ...twoFas, servicesEncrypted: 'only-one-part' }), { password: PASSWORD }));
    expect(broken).toMatchObject({ code: 'corrupted', message: expect.stringContaining('three parts') });
  });

  it.each([
    ['Aegis plain', () => aegisPlainFile(KNOWN_ACCOUNTS)],
    ['Aegis encrypted', () => aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)],
    ['2FAS plain', () => twoFasPlainFile(KNOWN_ACCOUNTS)],
    ['2FAS encrypted', () => twoFasEncryptedFile(KNOWN_ACCOUNTS, PASSWORD)],
    ['Authenticator', () => authenticatorExtensionFile(KNOWN_ACCOUNTS)],
  ])('%s cut short at any point is refused as damaged, never half-read', async (_name, file) => {
    const text = file();
    for (const fraction of [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      const error = await errorOf(readImport(text.slice(0, Math.floor(text.length * fraction)), { password: PASSWORD }));
      expect(error.code).toBe('corrupted');
      expect(error.message).toMatch(/damaged or cut short/);
    }
  });

  it('newer format versions ask for an update', async () => {
    const aegis = JSON.parse(aegisPlainFile(KNOWN_ACCOUNTS)) as Record<string, unknown>;
    expect((await errorOf(readImport(JSON.stringify({ ...aegis, version: 2 })))).code).toBe('unsupported_version');
    const twoFas = JSON.parse(twoFasPlainFile(KNOWN_ACCOUNTS)) as Record<string, unknown>;
    expect((await errorOf(readImport(JSON.stringify({ ...twoFas, schemaVersion: 99 })))).code).toBe('unsupported_version');
  });
});

describe('unknown formats', () => {
  it.each([
    ['plain prose', 'Dear diary, today I set up two-factor authentication.', /no otpauth:\/\//],
    ['web addresses', 'https://example.com/login\nhttps://example.org', /web addresses/],
    ['another JSON object', '{"name": "package", "version": "1.0.0"}', /not a backup format we know/],
    ['a JSON list', '[1, 2, 3]', /is a list/],
  ])('%s', (_name, text, message) => {
    expect(() => detectFormat(text)).toThrow(message);
    try {
      detectFormat(text);
    } catch (error) {
      expect((error as BackupError).code).toBe('unknown_format');
    }
  });

  it('images, archives and binary data say what they are', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(() => detectFormat(png)).toThrow(/PNG image.*Scan QR code on this page/);
    expect(() => detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1]))).toThrow(/ZIP archive/);
    expect(() => detectFormat(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x80]))).toThrow(/not text/);
  });

  it('empty input', () => {
    expect(() => detectFormat('  \n\n ')).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => detectFormat(new Uint8Array())).toThrow(expect.objectContaining({ code: 'empty' }));
  });
});

describe('size', () => {
  it('refuses a file over 10 MB before reading it, saying how large it is', () => {
    const big = new Uint8Array(12 * 1024 * 1024).fill(0x41);
    expect(() => detectFormat(big)).toThrow(expect.objectContaining({ code: 'too_large', message: expect.stringMatching(/12\.0 MB/) }));
    expect(() => detectFormat('x'.repeat(11 * 1024 * 1024))).toThrow(expect.objectContaining({ code: 'too_large' }));
    // Multi-byte text is measured in bytes, not characters.
    expect(() => detectFormat('é'.repeat(6 * 1024 * 1024))).toThrow(expect.objectContaining({ code: 'too_large' }));
  });

  it('reads a multi-megabyte list under the limit, reporting its bad lines', async () => {
    const good = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';
    const lines = Array.from({ length: 60_000 }, (_, i) => (i % 1000 === 999 ? 'otpauth://totp/Broken?secret=1' : good));
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024);
    const parsed = await readImport(text);
    expect(parsed.candidates).toHaveLength(60_000 - 60);
    expect(parsed.invalid).toHaveLength(60);
    expect(parsed.invalid[0]).toMatchObject({ where: 'line 1000', code: 'bad_secret' });
  });

  it('a multi-megabyte JSON file of the wrong kind is refused as unknown', () => {
    const junk = JSON.stringify({ data: 'z'.repeat(5 * 1024 * 1024) });
    expect(() => detectFormat(junk)).toThrow(expect.objectContaining({ code: 'unknown_format' }));
  });
});

describe('a URI list with some bad lines', () => {
  it('imports the good lines and names each bad one with its line number and the parser message, never its secret', async () => {
    const text = [
      '# my accounts',
      'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example',
      '',
      'otpauth://totp/Bad:bob?secret=not-base32!&issuer=Bad',
      'https://example.com',
      'otpauth://totp/NoSecret:carol?issuer=NoSecret',
      'otpauth://hotp/Hot:dave?secret=JBSWY3DPEHPK3PXP',
      '   otpauth://totp/Trimmed:erin?secret=KRSXG5CTMVRXEZLU   ',
      'otpauth-migration://offline?data=broken$$',
      'otpauth://totp/Digits:frank?secret=JBSWY3DPEHPK3PXP&digits=12',
    ].join('\r\n');
    const parsed = await readImport(text);
    expect(parsed.format).toBe('otpauth-list');
    expect(parsed.candidates.map((c) => [c.where, c.params.account])).toEqual([
      ['line 2', 'alice'],
      ['line 8', 'erin'],
    ]);
    expect(parsed.invalid.map((p) => [p.where, p.label, p.code])).toEqual([
      ['line 4', 'Bad:bob', 'bad_secret'],
      ['line 5', 'unreadable line', 'not_otpauth'],
      ['line 6', 'NoSecret:carol', 'missing_secret'],
      ['line 7', 'Hot:dave', 'bad_counter'],
      ['line 9', 'Google Authenticator export', 'bad_data'],
      ['line 10', 'Digits:frank', 'bad_digits'],
    ]);
    expect(parsed.invalid[1]?.message).toMatch(/web address/);
    expect(JSON.stringify(parsed.invalid)).not.toContain('JBSWY3DPEHPK3PXP');
  });
});
