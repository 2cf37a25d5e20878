/**
 * Field clocks inferred from the local vault (extension/sync/field-clocks.ts), and the whole
 * pure round: two browsers' vaults, edited apart, merged through what they last synced,
 * converge to one vault with each side's newer edit.
 */
import { describe, expect, it } from 'vitest';
import { lastSyncedOf, toLocalAccount, toSyncAccount, type LastSynced, type LocalAccount } from '../../../extension/sync/field-clocks';
import { isDeleted, mergeAccounts } from '../../../extension/sync/merge-accounts';
import { twinOf } from '../../../extension/sync/sync-account';

const T0 = 1_764_700_000_000;

function local(id: string, patch: Partial<LocalAccount> = {}): LocalAccount {
  return {
    id,
    createdAt: T0,
    updatedAt: T0,
    secret: `JBSWY3DPEHPK3PX${id.toUpperCase()}`,
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    issuer: 'Acme',
    account: `${id}@example.com`,
    origin: 'https://acme.example',
    site: 'acme.example',
    pinned: false,
    order: 0,
    deletedAt: null,
    ...patch,
  };
}

/** One browser's sync round: its vault and memory against the remote accounts. */
function syncRound(vault: LocalAccount[], last: LastSynced, remote: ReturnType<typeof mergeAccounts>['accounts'], now: number) {
  const mine = vault.map((l) => toSyncAccount(l, last[l.id], () => twinOf(l)));
  const merged = mergeAccounts(mine, remote);
  return { vault: merged.accounts.map((a) => toLocalAccount(a, now)), last: lastSyncedOf(merged.accounts), remote: merged.accounts };
}

describe('field clocks from the local vault', () => {
  it('stamps a field edited since the last sync with the record\'s update time, and keeps the others\' clocks', () => {
    const before = toSyncAccount(local('a'), undefined, () => 'twin');
    const last = lastSyncedOf([before]);
    const renamed = toSyncAccount(local('a', { issuer: 'Acme Corp', updatedAt: T0 + 500 }), last.a, () => 'other');
    expect(renamed.names).toEqual({ value: { issuer: 'Acme Corp', account: 'a@example.com' }, at: T0 + 500 });
    expect(renamed.pinned).toBe(last.a!.pinned);
    expect(renamed.twin).toBe('twin');
  });

  it('stamps a delete with the time of the delete', () => {
    const last = lastSyncedOf([toSyncAccount(local('a'), undefined, () => 't')]);
    const deleted = toSyncAccount(local('a', { deletedAt: T0 + 70, updatedAt: T0 + 90 }), last.a, () => 't');
    expect(deleted.deletedAt).toEqual({ value: T0 + 70, at: T0 + 70 });
  });

  it('a rename on A and a delete of another account on B converge to one vault on both', () => {
    // Both start from one synced vault of two accounts.
    const start = [local('a'), local('b', { order: 1 })];
    const first = syncRound(start, {}, [], T0);
    let a = { vault: first.vault, last: first.last };
    let b = { vault: first.vault, last: first.last };
    // Apart: A renames "a", B deletes "b".
    a.vault = a.vault.map((x) => (x.id === 'a' ? { ...x, account: 'renamed', updatedAt: T0 + 100 } : x));
    b.vault = b.vault.map((x) => (x.id === 'b' ? { ...x, deletedAt: T0 + 200, updatedAt: T0 + 200 } : x));
    // A syncs first, then B, then A again (it sees B's write).
    const roundA = syncRound(a.vault, a.last, first.remote, T0 + 300);
    a = roundA;
    const roundB = syncRound(b.vault, b.last, roundA.remote, T0 + 400);
    b = roundB;
    const roundA2 = syncRound(a.vault, a.last, roundB.remote, T0 + 500);
    const view = (v: LocalAccount[]) => v.map(({ updatedAt: _, ...rest }) => rest);
    expect(view(roundA2.vault)).toEqual(view(roundB.vault));
    expect(roundA2.vault.find((x) => x.id === 'a')!.account).toBe('renamed');
    expect(roundA2.vault.find((x) => x.id === 'b')!.deletedAt).toBe(T0 + 200);
    expect(isDeleted(roundA2.remote.find((x) => x.id === 'b')!)).toBe(true);
  });

  it('an edit made before the delete it meets is undone by the delete; one made after restores', () => {
    const first = syncRound([local('a')], {}, [], T0);
    const deletedOnB = syncRound([{ ...first.vault[0]!, deletedAt: T0 + 50, updatedAt: T0 + 50 }], first.last, first.remote, T0 + 60);
    const olderPin = syncRound([{ ...first.vault[0]!, pinned: true, updatedAt: T0 + 40 }], first.last, deletedOnB.remote, T0 + 70);
    expect(olderPin.vault[0]!.deletedAt).toBe(T0 + 50);
    const newerPin = syncRound([{ ...first.vault[0]!, pinned: true, updatedAt: T0 + 80 }], first.last, deletedOnB.remote, T0 + 90);
    expect(newerPin.vault[0]!.deletedAt).toBeNull();
    expect(newerPin.vault[0]!.pinned).toBe(true);
  });
});
