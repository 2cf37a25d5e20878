/**
 * The merge rules of sync (extension/sync/merge-accounts.ts): examples for each rule, then
 * properties over random histories: a join (order, grouping and repetition do not matter)
 * that never drops an account.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeleted, mergeAccounts } from '../../../extension/sync/merge-accounts';
import { twinOf, type SyncAccount } from '../../../extension/sync/sync-account';

const T0 = 1_700_000_000_000;

function account(id: string, patch: Partial<SyncAccount> = {}): SyncAccount {
  const params = { type: 'totp' as const, secret: `SECRET${id.toUpperCase()}`, issuer: 'Acme', account: `${id}@example.com` };
  return {
    id,
    createdAt: T0,
    twin: twinOf(params),
    secret: params.secret,
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    names: { value: { issuer: params.issuer, account: params.account }, at: T0 },
    binding: { value: { origin: 'https://acme.example', site: 'acme.example' }, at: T0 },
    pinned: { value: false, at: T0 },
    order: { value: 0, at: T0 },
    deletedAt: { value: null, at: T0 },
    ...patch,
  };
}

describe('merging synced accounts', () => {
  it('keeps accounts only one side has', () => {
    const { accounts } = mergeAccounts([account('a')], [account('b')]);
    expect(accounts.map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('takes the newer edit of each field, independently', () => {
    const renamed = account('a', { names: { value: { issuer: 'Acme', account: 'renamed' }, at: T0 + 10 } });
    const pinned = account('a', { pinned: { value: true, at: T0 + 5 }, order: { value: 7, at: T0 + 5 } });
    const [merged] = mergeAccounts([renamed], [pinned]).accounts;
    expect(merged!.names.value.account).toBe('renamed');
    expect(merged!.pinned.value).toBe(true);
    expect(merged!.order.value).toBe(7);
  });

  it('a delete wins over an older edit', () => {
    const renamed = account('a', { names: { value: { issuer: 'Acme', account: 'renamed' }, at: T0 + 10 } });
    const deleted = account('a', { deletedAt: { value: T0 + 20, at: T0 + 20 } });
    const [merged] = mergeAccounts([renamed], [deleted]).accounts;
    expect(isDeleted(merged!)).toBe(true);
    expect(merged!.names.value.account).toBe('renamed');
  });

  it('a delete loses to a newer edit, which restores the account', () => {
    const deleted = account('a', { deletedAt: { value: T0 + 10, at: T0 + 10 } });
    const renamed = account('a', { names: { value: { issuer: 'Acme', account: 'renamed' }, at: T0 + 20 } });
    const [merged] = mergeAccounts([deleted], [renamed]).accounts;
    expect(merged!.deletedAt.value).toBeNull();
    expect(merged!.names.value.account).toBe('renamed');
  });

  it('an undo newer than the delete restores it', () => {
    const deleted = account('a', { deletedAt: { value: T0 + 10, at: T0 + 10 } });
    const restored = account('a', { deletedAt: { value: null, at: T0 + 30 } });
    expect(mergeAccounts([deleted], [restored]).accounts[0]!.deletedAt.value).toBeNull();
  });

  it('the same account added on two browsers is one account, under the older id, with both sides\' edits', () => {
    const onA = account('a', { createdAt: T0, pinned: { value: true, at: T0 + 50 } });
    const onB = { ...account('b', { createdAt: T0 + 100, order: { value: 3, at: T0 + 200 } }), twin: onA.twin, secret: onA.secret, names: onA.names };
    const { accounts, mergedInto } = mergeAccounts([onA], [onB]);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.id).toBe('a');
    expect(accounts[0]!.pinned.value).toBe(true);
    expect(accounts[0]!.order.value).toBe(3);
    expect(mergedInto.get('b')).toBe('a');
  });

  it('a rename after merging twins does not split them again', () => {
    const onA = account('a');
    const onB = { ...account('b', { createdAt: T0 + 100 }), twin: onA.twin, secret: onA.secret };
    const first = mergeAccounts([onA], [onB]).accounts;
    const renamedLaterOnB = { ...onB, names: { value: { issuer: 'Other', account: 'x' }, at: T0 + 500 } };
    const { accounts } = mergeAccounts(first, [renamedLaterOnB]);
    expect(accounts.map((a) => a.id)).toEqual(['a']);
    expect(accounts[0]!.names.value.issuer).toBe('Other');
  });

  it('the HOTP counter keeps the higher value', () => {
    const { accounts } = mergeAccounts([account('a', { type: 'hotp', counter: 9 })], [account('a', { type: 'hotp', counter: 4 })]);
    expect(accounts[0]!.counter).toBe(9);
  });

  it('previous tokens keep their creation time, from which each vault derives "previous"', () => {
    const old = account('old', { createdAt: T0 });
    const fresh = account('new', { createdAt: T0 + 1000 });
    const { accounts } = mergeAccounts([old, fresh], []);
    expect(accounts.find((a) => a.id === 'old')!.createdAt).toBeLessThan(accounts.find((a) => a.id === 'new')!.createdAt);
  });
});

describe('merge properties', () => {
  // Few ids and twins, small clocks: collisions and ties are common, which is what matters.
  const stamp = <T>(value: fc.Arbitrary<T>) => fc.record({ value, at: fc.integer({ min: 0, max: 6 }).map((n) => T0 + n) });
  const arbAccount: fc.Arbitrary<SyncAccount> = fc
    .record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      twin: fc.constantFrom('t1', 't2', 't3'),
      createdAt: fc.integer({ min: 0, max: 2 }).map((n) => T0 + n),
      counter: fc.integer({ min: 0, max: 3 }),
      names: stamp(fc.record({ issuer: fc.constantFrom('Acme', 'Other'), account: fc.constantFrom('x', 'y') })),
      binding: stamp(fc.record({ origin: fc.constantFrom(null, 'https://a.example'), site: fc.constantFrom(null, 'a.example') })),
      pinned: stamp(fc.boolean()),
      order: stamp(fc.integer({ min: 0, max: 3 })),
      deletedAt: stamp(fc.constantFrom(null, T0 + 1, T0 + 4)),
    })
    // An id is one account: its creation, twin and secret never differ between browsers.
    .map((r) => ({
      ...account(r.id),
      ...r,
      createdAt: T0 + r.id.charCodeAt(0),
      twin: `t${r.id.charCodeAt(0) % 3}`,
    }));
  const arbList = fc.array(arbAccount, { maxLength: 6 });
  const norm = (list: readonly SyncAccount[]) => JSON.stringify(list);

  it('is commutative', () => {
    fc.assert(fc.property(arbList, arbList, (x, y) => norm(mergeAccounts(x, y).accounts) === norm(mergeAccounts(y, x).accounts)));
  });

  it('is associative: merging in stages gives what merging at once gives', () => {
    fc.assert(
      fc.property(arbList, arbList, arbList, (x, y, z) => {
        const staged = mergeAccounts(mergeAccounts(x, y).accounts, z).accounts;
        const other = mergeAccounts(x, mergeAccounts(y, z).accounts).accounts;
        const once = mergeAccounts(x, y, z).accounts;
        return norm(staged) === norm(once) && norm(other) === norm(once);
      }),
    );
  });

  it('is idempotent: merging a result again changes nothing', () => {
    fc.assert(
      fc.property(arbList, arbList, (x, y) => {
        const once = mergeAccounts(x, y).accounts;
        return norm(mergeAccounts(once, once).accounts) === norm(once) && norm(mergeAccounts(once, y).accounts) === norm(once);
      }),
    );
  });

  it('never drops an account: every id is kept or merged into a kept twin', () => {
    fc.assert(
      fc.property(arbList, arbList, (x, y) => {
        const { accounts, mergedInto } = mergeAccounts(x, y);
        const kept = new Set(accounts.map((a) => a.id));
        return [...x, ...y].every((a) => kept.has(a.id) || kept.has(mergedInto.get(a.id)!));
      }),
    );
  });

  it('the newest edit of each field survives', () => {
    fc.assert(
      fc.property(arbList, arbList, (x, y) => {
        const { accounts, mergedInto } = mergeAccounts(x, y);
        return [...x, ...y].every((input) => {
          const out = accounts.find((a) => a.id === (mergedInto.get(input.id) ?? input.id))!;
          return out.names.at >= input.names.at && out.pinned.at >= input.pinned.at && out.order.at >= input.order.at;
        });
      }),
    );
  });
});
