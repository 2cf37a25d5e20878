/**
 * Reads every value of an object store in key order, a slice at a time, in one read-only
 * transaction (one consistent snapshot). One `getAll` of a large vault is one long task on
 * the service worker's thread (the browser hands all records over at once); slices leave the
 * thread free between them, so a small read that arrives meanwhile (the popup's first rows,
 * `vault.head`) is answered at once instead of after the whole list.
 */

/** Records per slice: large enough that the round trips stay cheap, small enough to be a short task. */
export const RECORDS_PER_SLICE = 250;

/** The part of an IndexedDB object store (as `idb` wraps it) that reading in slices needs. */
export type SliceSource<V> = {
  getAll(query?: IDBKeyRange | null, count?: number): Promise<V[]>;
  getAllKeys(query?: IDBKeyRange | null, count?: number): Promise<IDBValidKey[]>;
};

/**
 * Every value of `store`, in the order one `getAll()` gives (key order). Each next slice is
 * asked for as soon as the last one arrives, so the transaction stays active throughout.
 * `signal`: checked before every slice; once aborted (the page that asked has closed) no
 * further slice is asked for and the read rejects with the signal's reason, so a read nobody
 * waits for stops holding the database up.
 */
export async function readInSlices<V>(store: SliceSource<V>, perSlice = RECORDS_PER_SLICE, signal?: AbortSignal): Promise<V[]> {
  const all: V[] = [];
  let range: IDBKeyRange | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const [values, keys] = await Promise.all([store.getAll(range, perSlice), store.getAllKeys(range, perSlice)]);
    all.push(...values);
    if (keys.length < perSlice) return all;
    range = IDBKeyRange.lowerBound(keys[keys.length - 1]!, true);
  }
}
