/**
 * Every import format, from fixtures generated with each format's published structure: the
 * accounts come back exactly, the format is detected, and the codes match oathtool.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { detectFormat, readImport, type ParsedImport } from '../../../extension/backup';
import { encodeMigrationUris } from '../../../shared/migration';
import { generateCode, type OtpParams } from '../../../shared/otp';
import {
  aegisEncryptedFile,
  aegisPlainFile,
  andOtpEntry,
  andOtpFile,
  authenticatorExtensionFile,
  BITWARDEN_CSV_HEADER,
  bitwardenCsvFile,
  bitwardenCsvRow,
  bitwardenItem,
  bitwardenJsonFile,
  enteLine,
  enteTextFile,
  protonEntry,
  protonFile,
  twoFasEncryptedFile,
  twoFasPlainFile,
  uriListFile,
} from './support/fixtures';
import { CHECK_TIME_MS, KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';
import { oathtoolCode, oathtoolMissing } from '../../support/oathtool';

const ALL = [...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS];
const PASSWORD = 'correct horse battery staple ✓';
/** 2FAS always names a service; without an issuer that name (here the account) is what the user saw. */
const ALL_2FAS = ALL.map((p) => ({ ...p, issuer: p.issuer || p.account }));
/** Proton Authenticator has only time-based (and Steam) codes. */
const ALL_TOTP = ALL.filter((p) => p.type === 'totp');
const [A, B] = KNOWN_ACCOUNTS as [OtpParams, OtpParams];

type Case = { name: string; file: () => string; format: string; encrypted: boolean; accounts: readonly OtpParams[]; password?: string };

const cases: Case[] = [
  { name: 'otpauth:// list', file: () => uriListFile(ALL), format: 'otpauth-list', encrypted: false, accounts: ALL },
  {
    name: 'Google Authenticator export (3 codes)',
    file: () => encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 11, maxUriChars: 300 }).uris.join('\n'),
    format: 'google-migration',
    encrypted: false,
    accounts: KNOWN_ACCOUNTS,
  },
  { name: 'Aegis plain', file: () => aegisPlainFile(ALL), format: 'aegis', encrypted: false, accounts: ALL },
  { name: 'Aegis encrypted', file: () => aegisEncryptedFile(ALL, PASSWORD), format: 'aegis', encrypted: true, accounts: ALL, password: PASSWORD },
  { name: '2FAS plain', file: () => twoFasPlainFile(ALL), format: '2fas', encrypted: false, accounts: ALL_2FAS },
  { name: '2FAS encrypted', file: () => twoFasEncryptedFile(ALL, PASSWORD), format: '2fas', encrypted: true, accounts: ALL_2FAS, password: PASSWORD },
  { name: 'Authenticator extension', file: () => authenticatorExtensionFile(ALL), format: 'authenticator-extension', encrypted: false, accounts: ALL },
  { name: 'Bitwarden JSON', file: () => bitwardenJsonFile(ALL), format: 'bitwarden-json', encrypted: false, accounts: ALL },
  { name: 'Bitwarden CSV', file: () => bitwardenCsvFile(ALL), format: 'bitwarden-csv', encrypted: false, accounts: ALL },
  { name: 'Proton Authenticator', file: () => protonFile(ALL_TOTP), format: 'proton-authenticator', encrypted: false, accounts: ALL_TOTP },
  { name: 'andOTP plain', file: () => andOtpFile(ALL), format: 'andotp', encrypted: false, accounts: ALL },
  { name: 'Ente Auth plain text', file: () => enteTextFile(ALL), format: 'ente-auth', encrypted: false, accounts: ALL },
];

const imported = new Map<string, ParsedImport>();

describe.each(cases)('$name', (c) => {
  it('is detected and imports every account exactly, in order', async () => {
    const file = c.file();
    const detected = detectFormat(new TextEncoder().encode(file));
    expect(detected.format).toBe(c.format);
    expect(detected.encrypted).toBe(c.encrypted);
    const parsed = await readImport(new TextEncoder().encode(file), c.password === undefined ? {} : { password: c.password });
    expect(parsed.invalid).toEqual([]);
    expect(parsed.candidates.map((x) => x.params)).toEqual(c.accounts);
    for (const candidate of parsed.candidates) {
      // Other apps' files never bind a site: the user assigns one.
      expect(candidate.meta.origin).toBeNull();
      expect(candidate.meta.site).toBeNull();
    }
    imported.set(c.name, parsed);
  });

  it.skipIf(oathtoolMissing)('gives codes that match oathtool', async () => {
    const parsed = imported.get(c.name) ?? (await readImport(c.file(), { password: c.password }));
    for (const { params } of parsed.candidates) {
      for (const t of [CHECK_TIME_MS, CHECK_TIME_MS + 90_000]) {
        expect(generateCode(params, t), `${params.issuer}/${params.account}`).toBe(oathtoolCode(params, t));
      }
    }
  });
});

describe('format details', () => {
  it('Aegis: favourites become pinned; Steam, Yandex and mOTP entries are named and left out', async () => {
    const steam = { type: 'steam', uuid: randomUUID(), name: 'gaben', issuer: 'Steam', info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA1', digits: 5, period: 30 } };
    const parsed = await readImport(aegisPlainFile(KNOWN_ACCOUNTS.slice(0, 2), [steam]));
    expect(parsed.candidates.map((c) => c.meta.pinned)).toEqual([true, false]);
    expect(parsed.invalid).toEqual([{ where: 'entry 3', label: 'Steam (gaben)', code: 'bad_type', message: expect.stringMatching(/steam codes are not standard/) }]);
  });

  it('Aegis: a vault with a biometric slot besides the password slot opens with the password', async () => {
    const biometric = { type: 2, uuid: randomUUID(), key: '00'.repeat(32), key_params: { nonce: '00'.repeat(12), tag: '00'.repeat(16) } };
    const parsed = await readImport(aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { extraSlots: [biometric] }), { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(KNOWN_ACCOUNTS.length);
  });

  it('Aegis: the default scrypt cost (N=2^15) opens too', async () => {
    const parsed = await readImport(aegisEncryptedFile(KNOWN_ACCOUNTS.slice(0, 1), PASSWORD, { n: 2 ** 15 }), { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(1);
  });

  it('2FAS: an encrypted file without a reference still opens; Steam services are named and left out', async () => {
    const parsed = await readImport(twoFasEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { withReference: false }), { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(KNOWN_ACCOUNTS.length);
    const steam = { name: 'Steam', secret: 'JBSWY3DPEHPK3PXP', otp: { account: 'gaben', tokenType: 'STEAM', digits: 5, period: 30 } };
    const plain = await readImport(twoFasPlainFile([], [steam]));
    expect(plain.invalid).toEqual([{ where: 'service 1', label: 'Steam (gaben)', code: 'bad_type', message: expect.stringContaining('STEAM codes') }]);
  });

  it('Authenticator extension: pinned entries, hex secrets, Steam/Battle.net refused, key and settings records ignored', async () => {
    const file = authenticatorExtensionFile(KNOWN_ACCOUNTS.slice(0, 2), {
      hexOne: { encrypted: false, index: 5, type: 'hex', secret: '48656c6c6f21deadbeef', issuer: 'Hex', account: 'h' },
      steamOne: { encrypted: false, index: 6, type: 'steam', secret: 'JBSWY3DPEHPK3PXP', issuer: 'Steam', account: 's' },
      UserSettings: { theme: 'dark' },
      someKey: { dataType: 'Key', id: 'k', salt: 'x', hash: 'y' },
    });
    const parsed = await readImport(file);
    expect(parsed.candidates.map((c) => [c.params.issuer, c.meta.pinned])).toEqual([
      ['Example', false],
      ['Bänk Größe', true],
      ['Hex', false],
    ]);
    expect(parsed.candidates[2]?.params.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(parsed.invalid.map((p) => [p.label, p.code])).toEqual([['Steam (s)', 'bad_type']]);
  });

  it('Authenticator extension: an encrypted backup is refused with what to do', async () => {
    const file = JSON.stringify({ a: { dataType: 'EncOTPStorage', keyId: 'k', data: 'xxx', index: 0 }, k: { dataType: 'Key', id: 'k', salt: 's', hash: 'h' } });
    await expect(readImport(file)).rejects.toMatchObject({ code: 'unsupported_encryption', message: expect.stringContaining('without encryption') });
  });

  it('otpauth lists may mix in Google Authenticator exports', async () => {
    const migration = encodeMigrationUris(KNOWN_ACCOUNTS.slice(0, 2), { batchId: 1 }).uris[0]!;
    const parsed = await readImport(`${uriListFile(RICH_ACCOUNTS)}\n${migration}\n`);
    expect(parsed.format).toBe('otpauth-list');
    expect(parsed.candidates.map((c) => c.params)).toEqual([...RICH_ACCOUNTS, ...KNOWN_ACCOUNTS.slice(0, 2)]);
  });

  it('a Google Authenticator export with codes missing imports what is there and says what is missing', async () => {
    const uris = encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 11, maxUriChars: 300 }).uris;
    expect(uris.length).toBeGreaterThanOrEqual(3);
    const parsed = await readImport(uris.slice(0, 2).join('\n'));
    expect(parsed.candidates.length).toBeGreaterThan(0);
    expect(parsed.notes).toEqual([expect.stringContaining(`2 of ${uris.length} QR codes scanned`)]);
  });

  it('Bitwarden JSON: favourites pinned; bare keys read as TOTP; Steam refused; passwords without a key counted, not listed', async () => {
    const bare = { ...bitwardenItem({ ...A, issuer: 'Bare Key Site', account: 'kim' }, 7, 'jbsw y3dp ehpk 3pxp'), favorite: false };
    const steam = bitwardenItem({ ...A, issuer: 'Steam', account: 'gaben' }, 8, 'steam://JBSWY3DPEHPK3PXP');
    const parsed = await readImport(bitwardenJsonFile([A, B], [bare, steam]));
    expect(parsed.candidates.map((c) => [c.params.issuer, c.params.account, c.meta.pinned])).toEqual([
      [A.issuer, A.account, false],
      [B.issuer, B.account, true],
      ['Bare Key Site', 'kim', false],
    ]);
    expect(parsed.candidates[2]!.params).toMatchObject({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(parsed.invalid).toEqual([{ where: 'item 6', label: 'Steam (gaben)', code: 'bad_type', message: expect.stringContaining('Steam codes') }]);
    expect(parsed.notes).toEqual(['2 Bitwarden items have no authenticator key (passwords, notes, cards): they are not imported.']);
  });

  it('Bitwarden JSON: an address without issuer or label takes the item name and username', async () => {
    const item = bitwardenItem({ ...A, issuer: 'Site Name', account: 'sam' }, 0, `otpauth://totp/?secret=${A.secret}`);
    const parsed = await readImport(bitwardenJsonFile([], [item]));
    expect(parsed.candidates.map((c) => [c.params.issuer, c.params.account])).toEqual([['Site Name', 'sam']]);
  });

  it('Bitwarden CSV: quoted notes with commas and line breaks, bare keys, and a damaged row named by its number', async () => {
    const bare = bitwardenCsvRow({ ...A, issuer: 'Bare', account: 'kim' }, 5, A.secret);
    const damaged = '"Unclosed,login,x';
    const parsed = await readImport(bitwardenCsvFile([A, B], [bare, damaged]));
    expect(parsed.candidates.map((c) => [c.params.issuer, c.params.account])).toEqual([
      [A.issuer, A.account],
      [B.issuer, B.account],
      ['Bare', 'kim'],
    ]);
    expect(parsed.invalid.map((p) => [p.where, p.code])).toEqual([['row 5', 'bad_entry']]);
    expect(parsed.notes).toHaveLength(1);
  });

  it('Bitwarden CSV: a header alone has nothing to import', async () => {
    const parsed = await readImport(`${BITWARDEN_CSV_HEADER}\n`);
    expect(parsed.format).toBe('bitwarden-csv');
    expect(parsed.candidates).toEqual([]);
  });

  it('Proton Authenticator: Steam entries are named and left out; an address without a label takes the entry name', async () => {
    const steam = protonEntry({ ...A, issuer: 'Steam', account: 'gaben' }, 5, 'Steam', 'steam://JBSWY3DPEHPK3PXP');
    const unnamed = protonEntry({ ...A, account: 'Adobe' }, 6, 'Totp', `otpauth://totp/?secret=${A.secret}&digits=6&algorithm=SHA1&period=30&issuer=`);
    const parsed = await readImport(protonFile([A], [steam, unnamed]));
    expect(parsed.candidates.map((c) => [c.params.issuer, c.params.account])).toEqual([
      [A.issuer, A.account],
      ['', 'Adobe'],
    ]);
    expect(parsed.invalid.map((p) => [p.label, p.code])).toEqual([['Steam (gaben)', 'bad_type']]);
  });

  it('andOTP: Steam and mOTP entries are named and left out; an entry without a label is named for its issuer', async () => {
    const steam = { ...andOtpEntry(A), type: 'STEAM', issuer: 'Steam', label: 'gaben' };
    const motp = { ...andOtpEntry(A), type: 'MOTP', issuer: 'Old', label: 'pin', pin: '1234' };
    const noLabel = { ...andOtpEntry(A), label: '' };
    const parsed = await readImport(andOtpFile([A], [steam, motp, noLabel]));
    expect(parsed.candidates.map((c) => [c.params.issuer, c.params.account])).toEqual([
      [A.issuer, A.account],
      [A.issuer, A.issuer],
    ]);
    expect(parsed.invalid.map((p) => [p.label, p.code])).toEqual([
      ['Steam (gaben)', 'bad_type'],
      ['Old (pin)', 'bad_type'],
    ]);
  });

  it('Ente Auth: trashed codes left out and counted, pinned kept pinned, Steam refused, "Issuer:" without an account named for the issuer', async () => {
    const trashed = enteLine({ ...A, account: 'gone' }, 3, { trashed: true });
    const pinned = enteLine({ ...B, account: 'pinned one' }, 4, { pinned: true });
    const steam = `otpauth://steam/Steam:gaben?algorithm=sha1&digits=5&issuer=Steam&period=30&secret=${A.secret}&codeDisplay=%7B%7D`;
    const noAccount = enteLine({ ...A, account: '' }, 5).replace(/Example:[^?]*\?/, 'Example:?');
    const parsed = await readImport(enteTextFile([A], [trashed, pinned, steam, noAccount]));
    expect(parsed.candidates.map((c) => [c.params.issuer, c.params.account, c.meta.pinned])).toEqual([
      [A.issuer, A.account, false],
      [B.issuer, 'pinned one', true],
      [A.issuer, A.issuer, false],
    ]);
    expect(parsed.invalid.map((p) => [p.where, p.code])).toEqual([['line 4', 'bad_type']]);
    expect(parsed.notes).toEqual(["1 code is in Ente's trash and is not imported."]);
  });

  it.each([
    ['Bitwarden encrypted (password protected)', JSON.stringify({ encrypted: true, passwordProtected: true, salt: 'c2FsdA==', kdfType: 0, kdfIterations: 600000, encKeyValidation_DO_NOT_EDIT: '2.x|y|z', data: '2.a|b|c' }), /Export vault/],
    ['Bitwarden encrypted (account restricted)', JSON.stringify({ encrypted: true, encKeyValidation_DO_NOT_EDIT: '2.x|y|z', folders: [], items: [{ type: 1, name: '2.a|b|c', login: { totp: '2.d|e|f' } }] }), /\.json \(Encrypted\)/],
    ['Proton Authenticator with a backup password', JSON.stringify({ version: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', content: 'AAAA' }), /Settings > Export/],
    ['Ente Auth encrypted', JSON.stringify({ version: 1, kdfParams: { memLimit: 4096, opsLimit: 3, salt: 'c2FsdA==' }, encryptedData: 'AAAA', encryptionNonce: 'BBBB' }), /Export codes > Plain text/],
  ])('%s is refused with the app\'s plain-export menu', async (_name, file, menu) => {
    await expect(readImport(file, { password: 'anything' })).rejects.toMatchObject({ code: 'unsupported_encryption', message: expect.stringMatching(menu) });
  });

  it('an encrypted andOTP backup (binary .json.aes) is refused with its plain-backup menu', async () => {
    const file = new Uint8Array(200);
    new DataView(file.buffer).setUint32(0, 151_234);
    for (let i = 4; i < file.length; i++) file[i] = (i * 151 + 7) % 256;
    await expect(readImport(file)).rejects.toMatchObject({ code: 'unsupported_encryption', message: expect.stringContaining('Backups > Backup (plain)') });
  });
});
