/**
 * The account rules, applied inside one IndexedDB transaction (only IndexedDB awaits here):
 * the same account (type, secret, issuer and account name) is a duplicate (for HOTP the newer
 * counter is kept), other accounts that share a secret are separate accounts, a new token for the same site, issuer and account becomes
 * the default and the older ones `previous`, and a new account goes last in the order.
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import type { OtpParams } from '../../shared/otp';
import type { AddAccountResult } from '../../shared/protocol/extension-messages';
import type { SiteBinding } from '../../shared/site/site-of';
import { isAccountRecord, toView } from './account-record';
import { identityOf, withListKey, type AccountRecord, type VaultDB } from './vault-schema';

/** The accounts store of any read-write transaction that includes it (sync's also spans `meta`). */
export type AccountsStore = IDBPObjectStore<VaultDB, ArrayLike<StoreNames<VaultDB>>, 'accounts', 'readwrite'>;
/** What an import restores instead of the defaults (backup restore: when it was made, pinned). */
export type RestoredMeta = { pinned?: boolean; createdAt?: number };
export type NewAccount = { params: OtpParams; binding: SiteBinding | null; restore?: RestoredMeta };
/** A new account after its crypto: id chosen, secret sealed, fingerprint computed. */
export type PreparedAccount = NewAccount & { id: string; secret: AccountRecord['secret']; fingerprint: string };

export async function insertAccount(store: AccountsStore, item: PreparedAccount, now: number): Promise<AddAccountResult> {
  const { params: p } = item;
  const same = (await store.index('by-fingerprint').getAll(item.fingerprint))
    .filter(isAccountRecord)
    .filter((r) => r.type === p.type && r.issuer === p.issuer && r.account === p.account);
  const existing = same.find((r) => r.deletedAt === null) ?? same[0];
  if (existing) {
    const before = existing.identity;
    let changed = false;
    if (existing.type === 'hotp' && p.counter > existing.counter) {
      existing.counter = p.counter;
      changed = true;
    }
    if (existing.deletedAt !== null) {
      existing.deletedAt = null;
      changed = true;
    }
    if (existing.site === null && item.binding) {
      // An unbound account (an import) scanned on a site learns where it belongs.
      existing.origin = item.binding.origin;
      existing.site = item.binding.site;
      changed = true;
    }
    if (changed) {
      existing.identity = identityOf(existing.site, existing.issuer, existing.account);
      existing.updatedAt = now;
      await store.put(withListKey(existing));
      await regroup(store, before, now);
      if (existing.identity !== before) await regroup(store, existing.identity, now);
    }
    return { account: toView((await store.get(existing.id)) as AccountRecord), outcome: 'duplicate' };
  }

  const { params, binding } = item;
  const identity = identityOf(binding?.site ?? null, params.issuer, params.account);
  const login = (await store.index('by-identity').getAll(identity)).filter(isAccountRecord).filter((r) => r.deletedAt === null);
  const replaced = login.find((r) => !r.previous);
  const order = replaced ? replaced.order : await nextOrder(store);
  // Strictly newer than every token of this login, so it is the default even within one millisecond.
  const createdAt = item.restore?.createdAt ?? Math.max(now, ...login.map((r) => r.createdAt + 1));
  const record: AccountRecord = {
    id: item.id,
    issuer: params.issuer,
    account: params.account,
    type: params.type,
    algorithm: params.algorithm,
    digits: params.digits,
    period: params.period,
    counter: params.counter,
    secret: item.secret,
    fingerprint: item.fingerprint,
    origin: binding?.origin ?? null,
    site: binding?.site ?? null,
    createdAt,
    updatedAt: now,
    identity,
    order,
    pinned: item.restore?.pinned ?? replaced?.pinned ?? false,
    previous: false,
    deletedAt: null,
  };
  await store.put(withListKey(record));
  await regroup(store, identity, now);
  return { account: toView(record), outcome: login.length > 0 ? 'replaced' : 'added' };
}

/** Within one login, the newest active token is the default and the others are `previous`. */
export async function regroup(store: AccountsStore, identity: string, now: number): Promise<void> {
  const members = (await store.index('by-identity').getAll(identity))
    .filter(isAccountRecord)
    .filter((r) => r.deletedAt === null)
    .sort((a, b) => b.createdAt - a.createdAt);
  for (const [i, record] of members.entries()) {
    const previous = i > 0;
    if (record.previous !== previous) await store.put(withListKey({ ...record, previous, updatedAt: now }));
  }
}

async function nextOrder(store: AccountsStore): Promise<number> {
  const last = await store.index('by-order').openCursor(null, 'prev');
  return last ? (last.value.order ?? 0) + 1 : 0;
}
