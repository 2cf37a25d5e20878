/**
 * The clocks sync needs, inferred from the local vault. The vault keeps one `updatedAt` per
 * account, not one per field; sync remembers each field as it was last synced (the "last
 * synced" state, stored locally). A field that differs from it was edited here since, at the
 * record's `updatedAt`; a field that does not keeps the clock it was synced with. So the vault
 * itself needs no change for sync to know which edit is newer.
 */
import type { OtpParams } from '../../shared/otp';
import type { Stamped, SyncAccount } from './sync-account';

/** What sync reads of a local account (the vault's record with its secret decrypted). */
export type LocalAccount = OtpParams & {
  id: string;
  createdAt: number;
  updatedAt: number;
  origin: string | null;
  site: string | null;
  pinned: boolean;
  order: number;
  deletedAt: number | null;
};

/** Each account's fields as last synced, by id: the memory that turns local values into stamped ones. */
export type LastSynced = Record<string, Pick<SyncAccount, 'twin' | 'names' | 'binding' | 'pinned' | 'order' | 'deletedAt'>>;

/** A local account as sync sees it. `twinOf` names it for a first sync (see SyncAccount.twin). */
export function toSyncAccount(local: LocalAccount, last: LastSynced[string] | undefined, twin: () => string): SyncAccount {
  const at = local.updatedAt;
  const stamp = <T>(value: T, before: Stamped<T> | undefined): Stamped<T> =>
    before !== undefined && JSON.stringify(before.value) === JSON.stringify(value) ? before : { value, at };
  return {
    id: local.id,
    createdAt: local.createdAt,
    twin: last?.twin ?? twin(),
    secret: local.secret,
    type: local.type,
    algorithm: local.algorithm,
    digits: local.digits,
    period: local.period,
    counter: local.counter,
    names: stamp({ issuer: local.issuer, account: local.account }, last?.names),
    binding: stamp({ origin: local.origin, site: local.site }, last?.binding),
    pinned: stamp(local.pinned, last?.pinned),
    order: stamp(local.order, last?.order),
    // A delete is stamped with its own time: the tombstone says when it happened.
    deletedAt: stampDelete(local, last?.deletedAt),
  };
}

/** A delete is stamped with its own time (the tombstone says when it happened); a restore with the record's. */
function stampDelete(local: LocalAccount, before: Stamped<number | null> | undefined): Stamped<number | null> {
  if (before !== undefined && before.value === local.deletedAt) return before;
  return { value: local.deletedAt, at: local.deletedAt ?? local.updatedAt };
}

/** The memory to keep after a merge: the merged fields of every account. */
export function lastSyncedOf(accounts: readonly SyncAccount[]): LastSynced {
  const out: LastSynced = {};
  for (const { id, twin, names, binding, pinned, order, deletedAt } of accounts) out[id] = { twin, names, binding, pinned, order, deletedAt };
  return out;
}

/** A merged account in the vault's terms (what to write locally). */
export function toLocalAccount(synced: SyncAccount, updatedAt: number): LocalAccount {
  return {
    id: synced.id,
    createdAt: synced.createdAt,
    updatedAt,
    secret: synced.secret,
    type: synced.type,
    algorithm: synced.algorithm,
    digits: synced.digits,
    period: synced.period,
    counter: synced.counter,
    issuer: synced.names.value.issuer,
    account: synced.names.value.account,
    origin: synced.binding.value.origin,
    site: synced.binding.value.site,
    pinned: synced.pinned.value,
    order: synced.order.value,
    deletedAt: synced.deletedAt.value,
  };
}

/**
 * Everything of a local account that sync reads or writes, as one comparable text: a merge
 * is applied only to accounts still in the state it read (an edit in the same millisecond
 * changes this even when `updatedAt` does not).
 */
export function localStateKey(account: Omit<LocalAccount, 'secret'>): string {
  const a = account;
  return JSON.stringify([a.updatedAt, a.counter, a.issuer, a.account, a.origin, a.site, a.pinned, a.order, a.deletedAt]);
}
