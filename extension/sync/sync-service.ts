/**
 * The worker's sync: turn it on (publish this vault), join another browser's, run a round
 * (merge the synced copy into the vault and publish the result), turn it off. Rounds run one
 * at a time; triggers (sync-triggers.ts) start them after a vault change, another browser's
 * write, an unlock or an alarm. docs/sync-format.md says what is stored and the merge rules.
 *
 * Keys: turning sync on with the passphrase (the options page always does) makes the root
 * key R 32 fresh random bytes and `k` R wrapped by that passphrase, so turning sync off
 * (wiping the copy) and on again gives a new sync key, and an old `k` opens nothing new.
 * Without a passphrase (automation) R is the vault key and `k` the vault's own
 * passphrase-wrapped key record. The chunks are sealed under HKDF(R). Each browser keeps R
 * sealed under its own vault key (sync-state.ts).
 */
import { AuthenticatorError, isAuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { SyncStatus } from '../../shared/protocol/automation';
import type { Vault } from '../vault';
import { randomBytes, unwrapVaultKey, type Sealed, type VaultKeys } from '../vault/vault-crypto';
import type { LastSynced } from './field-clocks';
import { planMerge } from './plan-merge';
import { deriveChunkKey, HEADER_KEY, headerOf, isChunkKey, openChunks, openHeader, packVault, parseHeader, sealHeader, type PackedVault, type SyncHeader } from './sync-format';
import type { SyncAccount } from './sync-account';
import { offState, openSecrets, parseSyncState, sealSecrets, type SyncState } from './sync-state';
import { canonicalJson, diffItems, readSyncItems, syncBytesInUse, wipeSyncItems, writeSyncItems } from './sync-storage';

/** When to run a round: soon (debounced, with an alarm behind it), at a time (backoff), or no alarm needed. */
export type SyncSchedule = { soon(): void; at(when: number): Promise<void>; clear(): Promise<void> };

export type SyncService = {
  status(): Promise<SyncStatus>;
  /**
   * Turns sync on (already on: runs a round). With the vault's passphrase, under a fresh
   * random root key; without, under the vault key.
   * @throws `no_passphrase`, `locked`, `sync_joinable`, `wrong_passphrase` (nothing changes).
   */
  enable(passphrase?: string): Promise<SyncStatus>;
  disable(options: { wipeRemote: boolean }): Promise<SyncStatus>;
  /** @throws `nothing_to_join`, `wrong_passphrase` (nothing changes), `locked`. */
  join(passphrase: string): Promise<SyncStatus>;
  /** One round now, after the rounds already queued; its failures end up in the status. */
  run(): Promise<void>;
  /** The vault changed here: remember it (a stopped worker resumes it) and run soon. Never rejects. */
  changed(): Promise<void>;
  /** The worker started: run what was left to do. */
  resume(): Promise<void>;
  /** The vault's passphrase hooks (VaultOptions.passphraseHooks). */
  passphraseHooks: { before(next: string | null): Promise<void>; after(next: string | null): Promise<void> };
};

/** The first retry after a quota error waits this long, each next one twice as long, up to an hour. */
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

export function createSyncService(options: {
  vault: Vault;
  schedule: (run: () => Promise<void>) => SyncSchedule;
  now?: () => number;
}): SyncService {
  const { vault } = options;
  const now = options.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const state = async (): Promise<SyncState> => parseSyncState(await vault.syncState());
  const run = () => serial(round);
  const schedule = options.schedule(run);

  async function status(): Promise<SyncStatus> {
    const s = await state();
    const remote = await readSyncItems();
    return {
      enabled: s.enabled,
      lastSyncedAt: s.lastSyncedAt,
      accounts: s.enabled ? s.accounts : 0,
      bytes: s.enabled && s.tooBigBytes !== null ? s.tooBigBytes : await syncBytesInUse(remote),
      tooBig: s.enabled && s.tooBigBytes !== null,
      joinable: !s.enabled && remote[HEADER_KEY] !== undefined,
      passphraseChanged: s.enabled && s.passphraseChanged,
      error: s.error,
    };
  }

  /** One round. What goes wrong inside it becomes the status's `error`, with a retry scheduled when one can help. */
  async function round(): Promise<void> {
    const s = await state();
    if (!s.enabled || !s.sealed) return;
    let keys: VaultKeys;
    try {
      keys = await vault.syncKeys();
    } catch (error) {
      if (isAuthenticatorError(error, 'locked')) return; // runs on unlock; the dirty mark stays
      throw error;
    }
    await vault.setSyncDirty(false);
    try {
      await roundWith(s, keys);
      if (!(await vault.syncDirty())) await schedule.clear();
    } catch (error) {
      // Turned off (or the vault reset) part-way through: nothing was written, nothing to retry.
      if (isAuthenticatorError(error, 'sync_off')) return;
      await vault.setSyncDirty(true);
      // Locked part-way through: nothing was written; the unlock runs the round again.
      if (isAuthenticatorError(error, 'locked')) return;
      if (isAuthenticatorError(error, 'sync_conflict')) {
        schedule.soon(); // an edit arrived meanwhile: merge again from it
        return;
      }
      const failure = describe(error);
      let retries = 0;
      await vault.updateSyncState((current) => {
        const c = parseSyncState(current);
        if (!c.enabled) return undefined;
        retries = c.retries;
        return { ...c, error: failure.message, retries: failure.retry ? c.retries + 1 : c.retries };
      });
      if (failure.retry) await schedule.at(now() + Math.min(FIRST_RETRY_MS * 2 ** retries, MAX_RETRY_MS));
    }
  }

  async function roundWith(s: SyncState, keys: VaultKeys): Promise<void> {
    const secrets = await openSecrets(keys, s.sealed!);
    const remote = await readSyncItems();
    const remoteHeader = remote[HEADER_KEY] as SyncHeader | undefined;
    if (remoteHeader === undefined && s.published) {
      await vault.putSyncState({
        ...offState('[sync_removed] Sync was turned off in another browser and the synced copy removed. This browser\'s vault is unchanged; turn sync on again to publish it.'),
        sealed: await sealMemory(keys, secrets.lastSynced),
      });
      await vault.setSyncDirty(false);
      await schedule.clear();
      return;
    }
    // A header this version cannot read (damaged, or a newer format) is never taken for a
    // passphrase change, nor written over: the round fails with `sync_format`, changing nothing.
    if (remoteHeader !== undefined) parseHeader(remoteHeader);
    const chunkKey = await deriveChunkKey(secrets.root);
    const headerChanged = remoteHeader !== undefined && !sameHeader(remoteHeader, s.header);
    let opened: Awaited<ReturnType<typeof openChunks>>;
    try {
      opened = await openChunks(remote, chunkKey);
    } catch (error) {
      if (headerChanged) {
        // Another browser's vault replaced ours (sync turned off and on there): offer to join it.
        await vault.putSyncState({
          ...offState('[sync_replaced] Another browser replaced the synced vault. Join it with its passphrase to sync again; this browser\'s vault is unchanged.'),
          sealed: await sealMemory(keys, secrets.lastSynced),
        });
        return;
      }
      throw error;
    }
    // Our new header (sync just turned on, or our passphrase changed) is published; else the one there stays.
    const header = s.headerPending || remoteHeader === undefined ? s.header! : remoteHeader;
    const passphraseChanged = !s.headerPending && headerChanged;
    if (passphraseChanged && !Object.keys(remote).some(isChunkKey)) {
      // A new k and no chunk to show that it wraps our root: it may be another vault's (sync
      // turned off with the copy wiped and on again elsewhere, on an empty vault). Nothing is
      // written under it; joining with its passphrase tells, and publishes this vault there.
      await vault.updateSyncState((current) => {
        const c = parseSyncState(current);
        return c.enabled ? { ...c, passphraseChanged: true, error: null } : undefined;
      });
      return;
    }
    const at = now();
    const { accounts: local, damaged } = await vault.localAccounts();
    const plan = planMerge(local, secrets.lastSynced, opened.accounts, { now: at, damaged });
    const sealed = await sealSecrets(keys, { root: secrets.root, lastSynced: plan.lastSynced });
    let packed = await packVault(plan.publish, header, chunkKey, opened.reuse);
    if (packed.tooBig && plan.activeCount < plan.publish.length) packed = await packLeavingOutOldDeletes(plan.publish, header, chunkKey, opened.reuse);
    await vault.applySync({
      put: plan.put,
      drop: plan.drop,
      seen: plan.seen,
      patchSyncState: (current) => {
        const c = parseSyncState(current);
        if (!c.enabled) return undefined; // turned off (or reset) meanwhile: stay off, write nothing
        return { ...c, sealed, passphraseChanged, accounts: plan.activeCount, tooBigBytes: packed.tooBig ? packed.bytes : null, error: null };
      },
    });
    // Too big: nothing is written, nothing local is lost; the next round after a change tries again.
    if (packed.tooBig) return;
    await writeSyncItems(diffItems(remote, packed.items));
    await vault.updateSyncState((current) => {
      const c = parseSyncState(current);
      if (!c.enabled) return undefined;
      // A passphrase change that came in meanwhile keeps its header pending for the next round.
      const pending = c.headerPending && !sameHeader(c.header, header);
      return { ...c, headerPending: pending, published: true, lastSyncedAt: at, error: null, retries: 0 };
    });
  }

  async function enable(passphrase?: string): Promise<SyncStatus> {
    await serial(async () => {
      const s = await state();
      if (!s.enabled) {
        const vaultStatus = await vault.status();
        if (!vaultStatus.hasPassphrase) {
          throw new AuthenticatorError('no_passphrase', 'Set a vault passphrase first: it encrypts what sync stores.');
        }
        if (vaultStatus.locked) throw new AuthenticatorError('locked', 'Unlock the vault first: sync encrypts it with the vault\'s key.');
        const remote = await readSyncItems();
        if (remote[HEADER_KEY] !== undefined) {
          throw new AuthenticatorError(
            'sync_joinable',
            'Your browser account already holds a vault synced from another browser: join it with that vault\'s passphrase instead.',
          );
        }
        const { raw, record } = await vault.unlockedKey();
        if (record.kind !== 'passphrase') throw new AuthenticatorError('no_passphrase', 'Set a vault passphrase first: it encrypts what sync stores.');
        let root = raw;
        let header = headerOf(record);
        if (passphrase !== undefined) {
          // Proof that whoever turns sync on knows the passphrase that will open the copy.
          await unwrapVaultKey(record, passphrase);
          root = randomBytes(32);
          header = await sealHeader(root, passphrase);
        }
        const keys = await vault.syncKeys();
        const sealed = await sealSecrets(keys, { root, lastSynced: (await memoryOf(keys, s)) ?? {} });
        await vault.putSyncState({ ...offState(), enabled: true, header, headerPending: true, sealed });
        await vault.setSyncDirty(true);
      }
      await round();
    });
    return status();
  }

  async function join(passphrase: string): Promise<SyncStatus> {
    await serial(async () => {
      const remote = await readSyncItems();
      const remoteHeader = remote[HEADER_KEY];
      if (remoteHeader === undefined) {
        throw new AuthenticatorError('nothing_to_join', 'There is no synced vault in your browser account yet: turn sync on in the browser that has your accounts.');
      }
      if ((await vault.status()).locked) throw new AuthenticatorError('locked', 'Unlock the vault first, then join the synced vault.');
      // Everything that can fail before anything changes: the passphrase, then the chunks.
      const root = await openHeader(remoteHeader, passphrase);
      await openChunks(remote, await deriveChunkKey(root));
      const before = await state();
      // What was last synced, even under another root or before sync was turned off: ids are
      // unique, so it still tells which local values are older than the synced ones.
      const lastSynced = (await memoryOf(await vault.syncKeys(), before)) ?? {};
      await vault.adoptPassphrase(passphrase);
      const sealed = await sealSecrets(await vault.syncKeys(), { root, lastSynced });
      await vault.putSyncState({
        ...offState(),
        enabled: true,
        header: remoteHeader as SyncHeader,
        published: true,
        lastSyncedAt: before.enabled ? before.lastSyncedAt : null,
        sealed,
      });
      await vault.setSyncDirty(true);
      await round();
    });
    return status();
  }

  async function disable({ wipeRemote }: { wipeRemote: boolean }): Promise<SyncStatus> {
    await serial(async () => {
      if (wipeRemote) await wipeSyncItems();
      // R is forgotten; what was last synced is kept (sealed), so joining or turning sync on
      // again does not take this browser's older values for newer edits. Locked: forgotten too.
      const keys = await vault.syncKeys().catch(() => null);
      const memory = keys && (await memoryOf(keys, await state()));
      await vault.putSyncState(memory ? { ...offState(), sealed: await sealMemory(keys, memory) } : null);
      await vault.setSyncDirty(false);
      await schedule.clear();
    });
    return status();
  }

  return {
    status,
    enable,
    disable,
    join,
    run,
    changed: markChanged,
    async resume() {
      const s = await state();
      if (s.enabled && (await vault.syncDirty())) schedule.soon();
    },
    passphraseHooks: {
      async before(next) {
        if (next === null && (await state()).enabled) {
          throw new AuthenticatorError(
            'sync_needs_passphrase',
            'Turn sync off first: the passphrase encrypts what sync stores, so a synced vault keeps one.',
          );
        }
      },
      async after(next) {
        const s = await state();
        if (next === null || !s.enabled || !s.sealed) return;
        try {
          const { root } = await openSecrets(await vault.syncKeys(), s.sealed);
          const header = await sealHeader(root, next);
          await vault.updateSyncState((current) => {
            const c = parseSyncState(current);
            return c.enabled ? { ...c, header, headerPending: true, passphraseChanged: false } : undefined;
          });
        } catch (error) {
          const message = AuthenticatorError.from(error).message;
          await vault.updateSyncState((current) => ({ ...parseSyncState(current), error: message }));
        }
        await markChanged();
      },
    },
  };

  function markChanged(): Promise<void> {
    // Nothing to remember while sync is off: turning it on publishes the whole vault.
    return state()
      .then(async (s) => {
        if (!s.enabled) return;
        await vault.setSyncDirty(true);
        schedule.soon();
      })
      .catch((error: unknown) => console.error('[authenticator] sync could not note a change', error));
  }
}

/** Whether two headers are the same, however their keys are ordered (Chrome's storage sorts them). */
function sameHeader(a: unknown, b: unknown): boolean {
  return a !== null && b !== null && a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b);
}

/**
 * A vault too big for storage.sync: deleted accounts go first, so a vault the user shrank by
 * deleting fits again now, not in 90 days. The oldest deletes go first and the newest stay
 * as far as they fit: a browser that has not seen a delete yet learns it from its tombstone
 * (without it, that browser would publish the account again and this one leave it out
 * again, for ever). A browser offline since an old delete may bring that account back; none
 * is lost. Still too big without any deleted account: that packing, marked too big. Call it
 * only with deleted accounts among `accounts` (all of them packed were too big).
 */
async function packLeavingOutOldDeletes(
  accounts: readonly SyncAccount[],
  header: SyncHeader,
  key: CryptoKey,
  reuse: ReadonlyMap<string, string>,
): Promise<PackedVault> {
  const live = accounts.filter((a) => a.deletedAt.value === null);
  const deleted = accounts.filter((a) => a.deletedAt.value !== null).sort((a, b) => b.deletedAt.value! - a.deletedAt.value!);
  let best = await packVault(live, header, key, reuse);
  if (best.tooBig) return best;
  // The most deletes that fit, by bisection (all of them did not): best holds the packing for `fits`.
  let fits = 0;
  let over = deleted.length;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    const packed = await packVault([...live, ...deleted.slice(0, mid)], header, key, reuse);
    if (packed.tooBig) over = mid;
    else [fits, best] = [mid, packed];
  }
  return best;
}

/** What was last synced, from the sealed state (sync on, or off with its memory kept); null when there is none or it does not open. */
async function memoryOf(keys: VaultKeys, s: SyncState): Promise<LastSynced | null> {
  if (!s.sealed) return null;
  return (await openSecrets(keys, s.sealed).catch(() => null))?.lastSynced ?? null;
}

/** The sealed state of a browser with sync off: no root key, only what was last synced. */
function sealMemory(keys: VaultKeys, lastSynced: LastSynced): Promise<Sealed> {
  return sealSecrets(keys, { root: new Uint8Array(0), lastSynced });
}

/** A round's failure for the status, and whether retrying later can help (quota, a full storage). */
function describe(error: unknown): { message: string; retry: boolean } {
  const text = error instanceof Error ? error.message : String(error);
  if (/QUOTA|MAX_WRITE_OPERATIONS|MAX_ITEMS/i.test(text)) {
    return {
      message: `[sync_quota] The browser's sync storage refused the write for now (${text.slice(0, 80)}); it is retried shortly, nothing is lost.`,
      retry: true,
    };
  }
  return { message: AuthenticatorError.from(error).message, retry: !isAuthenticatorError(error) };
}
