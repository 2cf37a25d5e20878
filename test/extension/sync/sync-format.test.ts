/**
 * The storage.sync format (extension/sync/sync-format.ts): what the sync provider can see
 * (nothing in clear), what fits in its quotas, and that a wrong passphrase opens nothing.
 */
import { describe, expect, it } from 'vitest';
import { twinOf, type SyncAccount } from '../../../extension/sync/sync-account';
import {
  SYNC_QUOTA_BYTES,
  SYNC_QUOTA_BYTES_PER_ITEM,
  deriveChunkKey,
  itemBytes,
  openHeader,
  packVault,
  sealHeader,
  unpackVault,
} from '../../../extension/sync/sync-format';
import { generateVaultKey } from '../../../extension/vault/vault-crypto';

const PASSPHRASE = 'correct horse battery staple';
const T0 = 1_764_700_000_000;

/** Realistic accounts: random 160-bit secrets, real-looking names and sites, edits at different times. */
function accounts(n: number): SyncAccount[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from({ length: n }, (_, i) => {
    const secret = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b % 32]).join('');
    const issuer = `Issuer${i}`;
    const account = `user${i}@mail${i % 7}.example`;
    const createdAt = T0 + i * 61_000;
    return {
      id: crypto.randomUUID(),
      createdAt,
      twin: twinOf({ type: 'totp', secret, issuer, account }),
      secret,
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      names: { value: { issuer, account }, at: createdAt + (i % 3) * 5_000 },
      binding: { value: { origin: `https://login.site${i}.example`, site: `site${i}.example` }, at: createdAt },
      pinned: { value: i % 10 === 0, at: createdAt },
      order: { value: i, at: createdAt + 1_000 },
      deletedAt: { value: null, at: createdAt },
    } satisfies SyncAccount;
  });
}

async function packed(list: SyncAccount[]) {
  const raw = generateVaultKey();
  const header = await sealHeader(raw, PASSPHRASE);
  const key = await deriveChunkKey(raw);
  return { header, key, pack: await packVault(list, header, key) };
}

describe('the storage.sync format', () => {
  it('round-trips every field of every account', async () => {
    const list = accounts(120);
    list[3]!.deletedAt = { value: T0 + 99_000, at: T0 + 99_000 };
    list[4]!.type = 'hotp';
    list[4]!.counter = 17;
    list[5]!.binding = { value: { origin: null, site: null }, at: T0 };
    const { key, pack } = await packed(list);
    const back = await unpackVault(pack.items, key);
    const byId = (a: SyncAccount, b: SyncAccount) => a.id.localeCompare(b.id);
    expect([...back].sort(byId)).toEqual([...list].sort(byId));
  });

  it('shows the provider no secret, issuer, name or site: every value is opaque', async () => {
    const list = accounts(50);
    const { pack } = await packed(list);
    const raw = JSON.stringify(pack.items);
    for (const a of list) {
      for (const clear of [a.secret, a.names.value.issuer, a.names.value.account, a.binding.value.site!, a.id]) {
        expect(raw).not.toContain(clear);
      }
    }
    expect(raw).not.toMatch(/example|Issuer|SHA1|totp/);
  });

  it('fits 450 accounts within the quotas, each item within 8 KB', async () => {
    const { pack } = await packed(accounts(450));
    expect(pack.tooBig).toBe(false);
    expect(pack.bytes).toBeLessThanOrEqual(SYNC_QUOTA_BYTES);
    for (const [k, v] of Object.entries(pack.items)) expect(itemBytes(k, v)).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
    expect(pack.bytes).toBe(Object.entries(pack.items).reduce((s, [k, v]) => s + itemBytes(k, v), 0));
  });

  it('says 2,000 accounts are too big for sync', async () => {
    const { pack } = await packed(accounts(2000));
    expect(pack.tooBig).toBe(true);
    expect(pack.bytes).toBeGreaterThan(SYNC_QUOTA_BYTES);
  });

  it('opens the header with the passphrase, and refuses a wrong one', async () => {
    const raw = generateVaultKey();
    const header = await sealHeader(raw, PASSPHRASE);
    expect(await openHeader(header, PASSPHRASE)).toEqual(raw);
    await expect(openHeader(header, 'not the passphrase')).rejects.toThrow(/^\[wrong_passphrase\]/);
    await expect(openHeader({ v: 99 }, PASSPHRASE)).rejects.toThrow(/^\[sync_format\]/);
  });

  it('refuses chunks sealed under another key or damaged, by name', async () => {
    const { pack } = await packed(accounts(3));
    const other = await deriveChunkKey(generateVaultKey());
    await expect(unpackVault(pack.items, other)).rejects.toThrow(/^\[sync_format\]/);
    const { key } = await packed([]);
    await expect(unpackVault({ c0: 'AAAA' }, key)).rejects.toThrow(/^\[sync_format\]/);
  });

  it('ignores storage.sync items that are not chunks', async () => {
    const { key, pack } = await packed(accounts(2));
    expect(await unpackVault({ ...pack.items, unrelated: 'x', cx: 1 }, key)).toHaveLength(2);
  });
});
