/**
 * Backup and import with a vault of 1,000 accounts: writing and reading our encrypted backup
 * (scrypt N=2^15 dominates), previewing an Aegis export against the vault, and decoding a
 * Google Authenticator export spread over its QR codes. Informational: the product sets no
 * budget here; the vault-unlock budget (scrypt, <= 1 s) is the comparable one.
 */
import { buildPreview, readImport, writeEncryptedBackup, type BackupAccount } from '../../extension/backup';
import { decodeMigrationUri, encodeMigrationUris } from '../../shared/migration';
import { generateSecret, type OtpParams } from '../../shared/otp';
import { aegisPlainFile } from '../extension/backup/support/fixtures';
import { median, type Bench } from './harness';

const COUNT = 1000;
const PASSWORD = 'benchmark backup password';

async function timed(fn: () => Promise<unknown> | unknown, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const bench: Bench = async () => {
  const params: OtpParams[] = Array.from({ length: COUNT }, (_, i) => ({
    type: 'totp',
    secret: generateSecret(20),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    issuer: `Service ${i}`,
    account: `user${i}@example.com`,
  }));
  const accounts: BackupAccount[] = params.map((p, i) => ({
    ...p,
    id: `id-${i}`,
    origin: `https://s${i}.example.com`,
    site: 'example.com',
    pinned: false,
    previous: false,
    order: i,
    createdAt: new Date(0).toISOString(),
    updatedAt: null,
  }));
  let file = '';
  const write = await timed(async () => {
    file = await writeEncryptedBackup({ accounts, settings: {} }, { password: PASSWORD, now: Date.now() });
  }, 3);
  const read = await timed(() => readImport(file, { password: PASSWORD }), 3);
  const aegis = aegisPlainFile(params);
  const existing = params.map((p, i) => ({ id: `v${i}`, params: p }));
  const preview = await timed(async () => buildPreview(await readImport(aegis), existing), 5);
  const uris = encodeMigrationUris(params, { batchId: 1 }).uris;
  const migration = await timed(() => uris.forEach((u) => decodeMigrationUri(u)), 5);
  const note = `${COUNT} accounts`;
  return [
    { name: 'write encrypted backup', value: write, unit: 'ms', note: `${note}, ${(file.length / 1024).toFixed(0)} kB file; scrypt N=2^15 r=8 p=1` },
    { name: 'read encrypted backup', value: read, unit: 'ms', note },
    { name: 'preview Aegis import vs vault', value: preview, unit: 'ms', note: `${note}, every one a duplicate` },
    { name: 'decode Google Authenticator export', value: migration, unit: 'ms', note: `${note} over ${uris.length} QR codes` },
  ];
};

export default bench;
