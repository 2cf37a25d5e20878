/**
 * The vault key and the lock state. The key record in IndexedDB holds the key raw (no
 * passphrase: not encrypted at rest) or wrapped by the passphrase; an unlocked key lives in
 * memory and in storage.session (so a restarted worker stays unlocked) until auto-lock, lock
 * or browser restart. The user's own use of the vault pushes auto-lock back; a read that a
 * web page can cause (a content script asking what to fill) says `touch: false` and does not,
 * or any page could keep the vault open for ever.
 */
import type { IDBPDatabase } from 'idb';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { cancelAutoLock, scheduleAutoLock } from './auto-lock-alarm';
import { clearSessionKey, readSessionKey, writeSessionKey } from './session-key';
import { generateVaultKey, importVaultKey, unwrapVaultKey, wrapVaultKey, type VaultKeys } from './vault-crypto';
import type { KeyRecord, VaultDB } from './vault-schema';

export const MIN_PASSPHRASE_LENGTH = 8;
/** How a use of the vault counts: `touch: false` for reads a web page can cause (the idle timer keeps running). */
export type UseOptions = { touch?: boolean };

/** Idle-time extensions closer together than this do not rewrite the alarm. */
const TOUCH_GRANULARITY_MS = 30_000;

export type KeyringOptions = {
  db: () => Promise<IDBPDatabase<VaultDB>>;
  now: () => number;
  /** The idle time from the settings; 0 = lock only on browser restart. */
  autoLockMinutes: () => Promise<number>;
  /** Runs after the unlocked key is forgotten (see VaultOptions.onLock). */
  onForget?: () => Promise<void>;
};

type Unlocked = { keys: VaultKeys; lockAt: number | null; passphrase: boolean };

export class VaultKeyring {
  private unlocked: Unlocked | null = null;

  constructor(private readonly options: KeyringOptions) {}

  async state(): Promise<{ hasPassphrase: boolean; locked: boolean }> {
    const hasPassphrase = (await this.storedKeyRecord())?.kind === 'passphrase';
    return { hasPassphrase, locked: hasPassphrase && (await this.sessionKeys()) === null };
  }

  /** @throws `wrong_passphrase` (nothing changes), `no_passphrase` when none is set. */
  async unlock(passphrase: string): Promise<void> {
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') {
      throw new AuthenticatorError('no_passphrase', 'This vault has no passphrase, so it is never locked. Set one in the options to lock it.');
    }
    const raw = await unwrapVaultKey(record, passphrase);
    const lockAt = await this.nextLockAt();
    const keys = await importVaultKey(raw);
    await writeSessionKey({ key: raw, lockAt });
    await scheduleAutoLock(lockAt);
    this.unlocked = { keys, lockAt, passphrase: true };
  }

  /** @throws `no_passphrase` when there is none to lock with. */
  async lock(): Promise<void> {
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') {
      throw new AuthenticatorError('no_passphrase', 'Set a passphrase first: without one the vault cannot be locked.');
    }
    await this.forget();
  }

  /**
   * What the auto-lock alarm calls: locks once the idle time is over (always when `force`,
   * e.g. a browser restart), else moves the alarm to the later lock time. Returns whether it
   * locked. A vault without a passphrase is never locked.
   */
  async autoLock(force = false): Promise<boolean> {
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') return false;
    const session = await readSessionKey();
    // Alarms may fire a little early; a second's slack avoids re-arming for nothing.
    if (force || !session || (session.lockAt !== null && this.options.now() >= session.lockAt - 1000)) {
      await this.forget();
      return true;
    }
    await scheduleAutoLock(session.lockAt);
    return false;
  }

  /**
   * Sets (`current` null), changes, or removes (`next` null) the passphrase: re-wraps the key.
   * A vault without accounts gets a fresh key. The caller makes sure no add runs meanwhile.
   * @throws `wrong_passphrase`, `weak_passphrase`, `no_passphrase`.
   */
  async setPassphrase(current: string | null, next: string | null): Promise<void> {
    if (next !== null && [...next].length < MIN_PASSPHRASE_LENGTH) {
      throw new AuthenticatorError(
        'weak_passphrase',
        `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words are both stronger and easier to remember.`,
      );
    }
    const db = await this.options.db();
    const record = await this.storedKeyRecord();
    let raw: Uint8Array;
    if (record?.kind === 'passphrase') {
      if (current === null) throw new AuthenticatorError('wrong_passphrase', 'Enter the current passphrase to change or remove it.');
      raw = await unwrapVaultKey(record, current);
    } else {
      if (next === null) throw new AuthenticatorError('no_passphrase', 'There is no passphrase to remove.');
      raw = !record || (await db.count('accounts')) === 0 ? generateVaultKey() : record.key;
    }
    const createdAt = this.options.now();
    const replacement: KeyRecord =
      next === null ? { kind: 'plain', key: raw, createdAt } : { kind: 'passphrase', createdAt, ...(await wrapVaultKey(raw, next)) };
    const keys = await importVaultKey(raw);
    const lockAt = next === null ? null : await this.nextLockAt();
    await db.put('meta', replacement, 'key');
    if (next === null) {
      await clearSessionKey();
      await cancelAutoLock();
    } else {
      await writeSessionKey({ key: new Uint8Array(raw), lockAt });
      await scheduleAutoLock(lockAt);
    }
    this.unlocked = { keys, lockAt, passphrase: next !== null };
  }

  /**
   * The raw vault key and its stored record, while the vault is usable (sync publishes the
   * passphrase-wrapped record and uses the raw key as its root: no passphrase needed).
   * @throws `locked`; `no_passphrase` when the vault has no key yet.
   */
  async unlockedKey(): Promise<{ raw: Uint8Array<ArrayBuffer>; record: KeyRecord }> {
    const record = await this.storedKeyRecord();
    if (!record) throw new AuthenticatorError('no_passphrase', 'Set a vault passphrase first.');
    if (record.kind === 'plain') return { raw: new Uint8Array(record.key), record };
    await this.keys();
    const session = await readSessionKey();
    if (!session) throw lockedError();
    return { raw: session.key, record };
  }

  /**
   * Makes `next` the passphrase without the current one, from the unlocked key: what joining
   * a synced vault does (the joined passphrase opens every browser's vault). A vault without a
   * passphrase gets one as `setPassphrase(null, next)` would. The caller makes sure no add runs meanwhile.
   * @throws `locked`, `weak_passphrase`.
   */
  async adoptPassphrase(next: string): Promise<void> {
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') return this.setPassphrase(null, next);
    const { raw } = await this.unlockedKey();
    const replacement: KeyRecord = { kind: 'passphrase', createdAt: this.options.now(), ...(await wrapVaultKey(raw, next)) };
    await (await this.options.db()).put('meta', replacement, 'key');
  }

  /** Throws `locked` unless the vault can be used now (extending the idle timer unless `touch` is false); needs no key. */
  async assertUnlocked(use: UseOptions = {}): Promise<void> {
    if (this.fresh()) {
      await this.touched(use);
      return;
    }
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') return;
    if (!(await this.sessionKeys())) throw lockedError();
    await this.touched(use);
  }

  /**
   * The unlocked keys, extending the idle timer (unless `touch` is false). Only `create` (adding an account) makes the
   * first key; before that there is nothing to decrypt, and a throwaway key (never stored)
   * reports any orphaned record as damaged.
   * @throws `locked`.
   */
  async keys(options: { create?: boolean } & UseOptions = {}): Promise<VaultKeys> {
    const cached = this.fresh();
    if (cached) {
      await this.touched(options);
      return cached.keys;
    }
    const record = options.create ? await this.keyRecord() : await this.storedKeyRecord();
    if (!record) return importVaultKey(generateVaultKey());
    if (record.kind === 'plain') {
      this.unlocked = { keys: await importVaultKey(record.key), lockAt: null, passphrase: false };
      return this.unlocked.keys;
    }
    const keys = await this.sessionKeys();
    if (!keys) throw lockedError();
    await this.touched(options);
    return keys;
  }

  /** The idle time changed: move the lock time now. */
  async idleTimeChanged(): Promise<void> {
    await this.extendLock(true);
  }

  /** Forgets the unlocked key everywhere (lock, reset). */
  async forget(): Promise<void> {
    this.unlocked = null;
    await clearSessionKey();
    await cancelAutoLock();
    await this.options.onForget?.();
  }

  private fresh(): Unlocked | null {
    const cached = this.unlocked;
    return cached && (cached.lockAt === null || this.options.now() < cached.lockAt) ? cached : null;
  }

  private async storedKeyRecord(): Promise<KeyRecord | null> {
    return ((await (await this.options.db()).get('meta', 'key')) as KeyRecord | undefined) ?? null;
  }

  /**
   * The key record; a fresh vault gets a random key (no passphrase) when it first encrypts
   * something, not before, so a passphrase set on an empty vault wraps a key never stored raw.
   */
  private async keyRecord(): Promise<KeyRecord> {
    const stored = await this.storedKeyRecord();
    if (stored) return stored;
    const fresh: KeyRecord = { kind: 'plain', key: generateVaultKey(), createdAt: this.options.now() };
    const tx = (await this.options.db()).transaction('meta', 'readwrite');
    // Another caller may have created it meanwhile: keep theirs.
    const raced = (await tx.store.get('key')) as KeyRecord | undefined;
    if (!raced) void tx.store.put(fresh, 'key');
    await tx.done;
    return raced ?? fresh;
  }

  /** Keys from storage.session (a restarted worker), or null when locked; an expired key is forgotten. */
  private async sessionKeys(): Promise<VaultKeys | null> {
    const cached = this.fresh();
    if (cached?.passphrase) return cached.keys;
    const session = await readSessionKey();
    if (!session) return null;
    if (session.lockAt !== null && this.options.now() >= session.lockAt) {
      await this.forget();
      return null;
    }
    const keys = await importVaultKey(session.key);
    this.unlocked = { keys, lockAt: session.lockAt, passphrase: true };
    return keys;
  }

  private async nextLockAt(): Promise<number | null> {
    const minutes = await this.options.autoLockMinutes();
    return minutes === 0 ? null : this.options.now() + minutes * 60_000;
  }

  private async touched(use: UseOptions): Promise<void> {
    if (use.touch !== false) await this.extendLock(false);
  }

  /** Use of the vault pushes auto-lock back; rewrites the alarm at most every 30 s unless `force`. */
  private async extendLock(force: boolean): Promise<void> {
    const unlocked = this.unlocked;
    if (!unlocked?.passphrase) return;
    const lockAt = await this.nextLockAt();
    if (!force && lockAt !== null && unlocked.lockAt !== null && lockAt - unlocked.lockAt < TOUCH_GRANULARITY_MS) return;
    const session = await readSessionKey();
    if (!session) return;
    unlocked.lockAt = lockAt;
    await writeSessionKey({ key: session.key, lockAt });
    await scheduleAutoLock(lockAt);
  }
}

function lockedError(): AuthenticatorError {
  return new AuthenticatorError('locked', 'The vault is locked. Unlock it with your passphrase (click the extension icon).');
}
