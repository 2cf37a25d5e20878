/**
 * One sync round, pure: the local vault (with what was last synced) and the synced copy in,
 * the merged vault out, as what to write locally (only what the merge changed) and what to
 * publish. The merge rules are merge-accounts.ts'; this decides what each side must change.
 */
import { lastSyncedOf, localStateKey, toLocalAccount, toSyncAccount, type LastSynced, type LocalAccount } from './field-clocks';
import { mergeAccounts } from './merge-accounts';
import { twinOf, type SyncAccount } from './sync-account';

/**
 * Tombstones stay in the synced copy this long after the delete, then leave it (a browser
 * offline longer than that may bring a deleted account back: nothing is lost either way).
 */
export const TOMBSTONE_KEEP_MS = 90 * 24 * 60 * 60 * 1000;
/** A deleted account the local vault already purged (30-day undo window) is not written back. */
export const LOCAL_UNDO_MS = 30 * 24 * 60 * 60 * 1000;

export type MergePlan = {
  /** Accounts to write locally: new here, or changed by the merge. */
  put: LocalAccount[];
  /** Local ids merged into their twin (one account added in two browsers): removed here. */
  drop: string[];
  /** Each local account that `put` or `drop` touches, as read (`localStateKey`). */
  seen: Map<string, string>;
  /** The memory to keep: every merged account as synced now. */
  lastSynced: LastSynced;
  /** What to publish: the merged accounts, without tombstones older than TOMBSTONE_KEEP_MS. */
  publish: SyncAccount[];
  /** Active (not deleted) accounts in what is published. */
  activeCount: number;
};

export function planMerge(
  local: readonly LocalAccount[],
  last: LastSynced,
  remote: readonly SyncAccount[],
  options: { now: number; damaged?: readonly string[] },
): MergePlan {
  const damaged = new Set(options.damaged ?? []);
  const localSync = local.map((account) => toSyncAccount(account, last[account.id], () => twinOf(account)));
  // A damaged local record stays as it is: its synced copy is merged and published as it is
  // (leaving it out would delete it from the synced copy, and every other browser would put
  // it back: writes for ever), but never written over the damaged record here.
  const { accounts: merged, mergedInto } = mergeAccounts(localSync, remote);
  const byId = new Map(local.map((a) => [a.id, a]));
  const put: LocalAccount[] = [];
  const seen = new Map<string, string>();
  for (const account of merged) {
    if (damaged.has(account.id)) continue;
    const mine = byId.get(account.id);
    const next = toLocalAccount(account, mine?.updatedAt ?? options.now);
    if (mine) {
      if (sameState(mine, next)) continue;
      seen.set(mine.id, localStateKey(mine));
    } else if (next.deletedAt !== null && options.now - next.deletedAt >= LOCAL_UNDO_MS) {
      continue; // purged here already: not written back
    }
    put.push(next);
  }
  const drop: string[] = [];
  for (const [id, into] of mergedInto) {
    const mine = byId.get(id);
    // Merged into a damaged record's id: the account stays here under its own id.
    if (!mine || damaged.has(into)) continue;
    drop.push(id);
    seen.set(id, localStateKey(mine));
  }
  const publish = merged.filter((a) => a.deletedAt.value === null || options.now - a.deletedAt.value < TOMBSTONE_KEEP_MS);
  return {
    put,
    drop,
    seen,
    lastSynced: lastSyncedOf(merged),
    publish,
    activeCount: publish.filter((a) => a.deletedAt.value === null).length,
  };
}

/** Whether the merge leaves a local account as it is (the clock `updatedAt` aside). */
function sameState(a: LocalAccount, b: LocalAccount): boolean {
  return (
    a.counter === b.counter &&
    a.issuer === b.issuer &&
    a.account === b.account &&
    a.origin === b.origin &&
    a.site === b.site &&
    a.pinned === b.pinned &&
    a.order === b.order &&
    a.deletedAt === b.deletedAt
  );
}
