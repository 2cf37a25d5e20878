/**
 * Reading a store in slices gives exactly what one `getAll()` gives, at every slice boundary.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { readInSlices, type SliceSource } from '../../../extension/vault/read-in-slices';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

async function storeWith(count: number) {
  const db = await openDB('slices', 1, { upgrade: (d) => d.createObjectStore('things', { keyPath: 'id' }) });
  const tx = db.transaction('things', 'readwrite');
  // Keys not inserted in order, some sharing a prefix: key order is what both reads must follow.
  for (let i = 0; i < count; i++) void tx.store.put({ id: `k${(i * 7) % count}-${i % 3}`, n: i });
  await tx.done;
  return db;
}

describe('readInSlices', () => {
  it.each([0, 1, 2, 3, 4, 5, 9])('reads %i records in slices of 2 exactly as one getAll does', async (count) => {
    const db = await storeWith(count);
    const whole = await db.getAll('things');
    expect(whole).toHaveLength(count);
    expect(await readInSlices(db.transaction('things').store, 2)).toEqual(whole);
  });

  it('reads a store larger than one default slice', async () => {
    const db = await storeWith(600);
    expect(await readInSlices(db.transaction('things').store)).toEqual(await db.getAll('things'));
  });

  it('stops asking for slices once its signal is aborted, and rejects with the reason', async () => {
    const db = await storeWith(9);
    const store = db.transaction('things').store;
    const controller = new AbortController();
    const reason = new Error('the page closed');
    let slices = 0;
    // Counts the slices asked for; aborts as the first one arrives (as a popup closing mid-read).
    const counted: SliceSource<unknown> = {
      getAll: async (query, count) => {
        slices++;
        const values = await store.getAll(query, count);
        controller.abort(reason);
        return values;
      },
      getAllKeys: (query, count) => store.getAllKeys(query, count),
    };
    await expect(readInSlices(counted, 2, controller.signal)).rejects.toBe(reason);
    expect(slices).toBe(1);
  });

  it('the twin: a signal never aborted reads every slice', async () => {
    const db = await storeWith(9);
    const signal = new AbortController().signal;
    expect(await readInSlices(db.transaction('things').store, 2, signal)).toEqual(await db.getAll('things'));
  });
});
