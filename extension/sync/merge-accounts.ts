/**
 * The merge rules of sync, pure so they can be proved with property tests. Merging is a join:
 * commutative, associative and idempotent, so browsers that see each other's writes in any
 * order and any number of times end with the same vault.
 *
 * - An account is its id; two ids with the same `twin` (same secret, type, issuer and name
 *   when added) are one account, kept under the older id (then the smaller).
 * - Each field (names, site binding, pin, order, tombstone) keeps its newer edit; equal clocks
 *   are broken by comparing the values, so every browser picks the same one.
 * - A delete is a tombstone: it wins over older edits and loses to a newer edit, which
 *   restores the account. The HOTP counter keeps the higher value.
 * - Nothing is dropped: every input id ends as itself or as the account it was merged into.
 * - Previous tokens are not merged state: the vault derives them from each token's site,
 *   names and creation time, so a token stays "previous" next to its newer one everywhere.
 */
import { lastEditAt, type Stamped, type SyncAccount } from './sync-account';

export type MergeResult = {
  /** The merged accounts, by id. */
  accounts: SyncAccount[];
  /** Ids that were merged into another account (their twin), mapped to that account's id. */
  mergedInto: Map<string, string>;
};

/** Merges any number of account lists (local, remote chunks, ...) into one vault. */
export function mergeAccounts(...lists: ReadonlyArray<readonly SyncAccount[]>): MergeResult {
  const byId = new Map<string, SyncAccount>();
  for (const list of lists) {
    for (const account of list) {
      const seen = byId.get(account.id);
      byId.set(account.id, seen ? mergeOne(seen, account) : account);
    }
  }
  const byTwin = new Map<string, SyncAccount[]>();
  for (const account of byId.values()) {
    const group = byTwin.get(account.twin);
    if (group) group.push(account);
    else byTwin.set(account.twin, [account]);
  }
  const accounts: SyncAccount[] = [];
  const mergedInto = new Map<string, string>();
  for (const group of byTwin.values()) {
    const merged = group.reduce(mergeOne);
    for (const member of group) if (member.id !== merged.id) mergedInto.set(member.id, merged.id);
    accounts.push(resolveTombstone(merged));
  }
  accounts.sort((a, b) => compare(a.id, b.id));
  return { accounts, mergedInto };
}

/** Whether the account is deleted once newer edits are weighed against its tombstone. */
export function isDeleted(account: SyncAccount): boolean {
  return resolveTombstone(account).deletedAt.value !== null;
}

/** Two states of one account (same id, or twins): the result keeps the older (then smaller) id. */
function mergeOne(a: SyncAccount, b: SyncAccount): SyncAccount {
  const keep = a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? a : b) : compare(a.id, b.id) <= 0 ? a : b;
  return {
    ...keep,
    counter: Math.max(a.counter, b.counter),
    names: newer(a.names, b.names),
    binding: newer(a.binding, b.binding),
    pinned: newer(a.pinned, b.pinned),
    order: newer(a.order, b.order),
    // On equal clocks the tombstone wins, as it does over an edit at the same moment.
    deletedAt: newer(a.deletedAt, b.deletedAt, (x, y) => (x.value === null ? -1 : y.value === null ? 1 : x.value - y.value)),
  };
}

/**
 * An edit newer than the tombstone restores the account. The restore keeps the tombstone's
 * clock (the newer edit already carries its own), so resolving before or after another merge
 * gives the same state.
 */
function resolveTombstone(account: SyncAccount): SyncAccount {
  if (account.deletedAt.value === null || lastEditAt(account) <= account.deletedAt.at) return account;
  return { ...account, deletedAt: { value: null, at: account.deletedAt.at } };
}

function newer<T>(
  a: Stamped<T>,
  b: Stamped<T>,
  tie: (a: Stamped<T>, b: Stamped<T>) => number = (x, y) => compare(JSON.stringify(x.value), JSON.stringify(y.value)),
): Stamped<T> {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return tie(a, b) >= 0 ? a : b;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
