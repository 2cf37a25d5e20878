/**
 * The vault: every account, its encrypted secret and the lock state, in IndexedDB. Only the
 * background service worker uses it. Every change does its crypto first and then one
 * IndexedDB transaction with no other `await` inside (an awaited WebCrypto call would let
 * the transaction commit early). Secrets leave this module only as codes, except through
 * `readOtpParams` / `exportAccounts`, which stay inside the worker (fill, backup).
 */
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import { formatKeyUri, generateCode, codeAt, parseKeyUri, stepEndsAt, type OtpParams } from '../../shared/otp';
import { AuthenticatorError, type SerializedError } from '../../shared/protocol/authenticator-error';
import type { AccountSummary, CodeResult, Settings } from '../../shared/protocol/automation';
import type { AccountList, AccountView, AddAccountResult, ListedCode, PageCode, VaultStatus } from '../../shared/protocol/extension-messages';
import type { SiteBinding } from '../../shared/site/site-of';
import { cancelAutoLock, scheduleAutoLock } from './auto-lock-alarm';
import { clearSessionKey, readSessionKey, writeSessionKey } from './session-key';
import { applySettingsPatch, settingsFrom } from './settings';
import {
  fingerprintSecret,
  generateVaultKey,
  importVaultKey,
  openSecret,
  sealSecret,
  unwrapVaultKey,
  wrapVaultKey,
  type VaultKeys,
} from './vault-crypto';
import { identityOf, openVaultDb, type AccountRecord, type KeyRecord, type VaultDB } from './vault-schema';
import { isAccountRecord } from './account-record';

/** Deleted accounts can be restored for this long, then they are purged. */
export const UNDO_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_NAME_LENGTH = 256;
/** Idle-time extensions closer together than this do not rewrite the alarm. */
const TOUCH_GRANULARITY_MS = 30_000;

export type VaultOptions = {
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
};

type AccountsStore = IDBPObjectStore<VaultDB, ['accounts'], 'accounts', 'readwrite'>;
type Unlocked = { keys: VaultKeys; lockAt: number | null; passphrase: boolean };
/** What an import restores instead of the defaults (backup restore: when it was made, pinned). */
export type RestoredMeta = { pinned?: boolean; createdAt?: number };
export type NewAccount = { params: OtpParams; binding: SiteBinding | null; restore?: RestoredMeta };
type Prepared = NewAccount & { id: string; secret: AccountRecord['secret']; fingerprint: string };

export class Vault {
  private readonly now: () => number;
  private dbPromise: Promise<IDBPDatabase<VaultDB>> | null = null;
  private unlocked: Unlocked | null = null;
  private settingsCache: Settings | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: VaultOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  // ---- lock state -------------------------------------------------------------------------

  async status(): Promise<VaultStatus> {
    const db = await this.db();
    const record = await this.storedKeyRecord();
    const hasPassphrase = record?.kind === 'passphrase';
    const locked = hasPassphrase && (await this.sessionKeys()) === null;
    // Counted from the keys alone: the popup asks for this on every open.
    const tx = db.transaction(['accounts', 'meta']);
    const [stored, deleted, backup] = await Promise.all([
      tx.objectStore('accounts').count(),
      tx.objectStore('accounts').index('by-deleted').count(),
      tx.objectStore('meta').get('backup'),
    ]);
    return {
      hasPassphrase,
      locked,
      accountCount: stored - deleted,
      lastBackupAt: (backup as { lastBackupAt?: number } | undefined)?.lastBackupAt ?? null,
    };
  }

  /**
   * Unlocks a passphrase-protected vault until auto-lock or browser restart.
   * @throws `wrong_passphrase` (nothing changes), `no_passphrase` when none is set.
   */
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

  /** Forgets the unlocked key. @throws `no_passphrase` when there is none to lock with. */
  async lock(): Promise<void> {
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') {
      throw new AuthenticatorError('no_passphrase', 'Set a passphrase first: without one the vault cannot be locked.');
    }
    await this.forgetKey();
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
    if (force || !session || (session.lockAt !== null && this.now() >= session.lockAt - 1000)) {
      await this.forgetKey();
      return true;
    }
    await scheduleAutoLock(session.lockAt);
    return false;
  }

  /**
   * Sets (`current` null), changes, or removes (`next` null) the passphrase. Only the vault
   * key is re-wrapped; no secret is re-encrypted. A vault that holds no account yet gets a
   * fresh key instead, so no raw key it ever stored opens anything.
   * @throws `wrong_passphrase`, `weak_passphrase`, `no_passphrase`.
   */
  async setPassphrase(current: string | null, next: string | null): Promise<VaultStatus> {
    if (next !== null && [...next].length < MIN_PASSPHRASE_LENGTH) {
      throw new AuthenticatorError(
        'weak_passphrase',
        `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words are both stronger and easier to remember.`,
      );
    }
    await this.exclusive(async () => {
      const db = await this.db();
      const record = await this.storedKeyRecord();
      let raw: Uint8Array;
      if (record?.kind === 'passphrase') {
        if (current === null) throw new AuthenticatorError('wrong_passphrase', 'Enter the current passphrase to change or remove it.');
        raw = await unwrapVaultKey(record, current);
      } else {
        if (next === null) throw new AuthenticatorError('no_passphrase', 'There is no passphrase to remove.');
        // No other change runs meanwhile (exclusive), so "empty" stays true until the key is stored.
        raw = !record || (await db.count('accounts')) === 0 ? generateVaultKey() : record.key;
      }
      const createdAt = this.now();
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
    });
    return this.status();
  }

  // ---- accounts ---------------------------------------------------------------------------

  /** Active accounts (pinned first, then by order) and restorable deleted ones (newest first). */
  async list(): Promise<AccountList> {
    await this.assertUnlocked();
    const records = await this.records();
    const now = this.now();
    const accounts = records.filter((r) => r.deletedAt === null).sort(byPosition).map(toView);
    const deleted = records
      .filter((r) => r.deletedAt !== null && now - r.deletedAt < UNDO_WINDOW_MS)
      .sort((a, b) => b.deletedAt! - a.deletedAt!)
      .map(toView);
    return { accounts, deleted };
  }

  /** Active accounts as the automation surface shows them. */
  async summaries(): Promise<AccountSummary[]> {
    return (await this.list()).accounts.map(toSummary);
  }

  /**
   * Adds one account bound to `binding` (null: unbound, e.g. an import). Same secret as an
   * existing account: that account is returned (`duplicate`, restored if it was deleted).
   * Same site, issuer and account as an existing one: the new one becomes the default and the
   * old one is kept as `previous` (`replaced`).
   * @throws KeyUriError for parameters no key URI could carry; `locked`.
   */
  async addAccount(params: OtpParams, binding: SiteBinding | null): Promise<AddAccountResult> {
    const [result] = await this.addAccounts([{ params, binding }]);
    return result!;
  }

  /** `addAccount` for many (imports): one transaction, all or nothing, results in input order. */
  async addAccounts(items: ReadonlyArray<NewAccount>): Promise<AddAccountResult[]> {
    // Canonical form, and the parser's messages for anything a key URI cannot carry.
    const canonical = items.map((item) => ({ ...item, params: parseKeyUri(formatKeyUri(item.params)) }));
    return this.exclusive(async () => {
      const keys = await this.keys({ create: true });
      const prepared: Prepared[] = await Promise.all(
        canonical.map(async (item) => {
          const id = crypto.randomUUID();
          const [secret, fingerprint] = await Promise.all([sealSecret(keys, id, item.params.secret), fingerprintSecret(keys, item.params.secret)]);
          return { ...item, id, secret, fingerprint };
        }),
      );
      const now = this.now();
      const tx = (await this.db()).transaction('accounts', 'readwrite');
      const results: AddAccountResult[] = [];
      try {
        for (const item of prepared) results.push(await insert(tx.store, item, now));
      } catch (error) {
        // Any failure part-way (even one thrown synchronously) leaves the vault as it was.
        throw abort(tx, AuthenticatorError.from(error));
      }
      await tx.done;
      return results;
    });
  }

  /** Soft delete: restorable for 30 days. A previous token of the same login becomes the default. */
  async remove(id: string): Promise<void> {
    await this.assertUnlocked();
    await this.change(id, (record) => {
      if (record.deletedAt !== null) return false;
      record.deletedAt = this.now();
      return true;
    });
  }

  /** Undoes `remove` within 30 days. */
  async restore(id: string): Promise<AccountView> {
    await this.assertUnlocked();
    const now = this.now();
    return this.change(
      id,
      (record) => {
        if (record.deletedAt === null) return false;
        record.deletedAt = null;
        return true;
      },
      { includeDeleted: now },
    );
  }

  async rename(id: string, issuer: string, account: string): Promise<AccountView> {
    const cleanIssuer = cleanName(issuer, 'issuer', true);
    const cleanAccount = cleanName(account, 'account name', false);
    await this.assertUnlocked();
    return this.change(id, (record) => {
      if (record.issuer === cleanIssuer && record.account === cleanAccount) return false;
      record.issuer = cleanIssuer;
      record.account = cleanAccount;
      return true;
    });
  }

  /**
   * Binds an unbound account (an import) to the site the user chose for it. An account that
   * already has a site is never moved to another one.
   * @throws `bad_request` when it is bound elsewhere; `account_not_found`.
   */
  async assignSite(id: string, binding: SiteBinding): Promise<AccountView> {
    await this.keys();
    let elsewhere = false;
    const view = await this.change(id, (record) => {
      if (record.site !== null) {
        elsewhere = record.origin !== binding.origin;
        return false;
      }
      record.origin = binding.origin;
      record.site = binding.site;
      return true;
    });
    if (elsewhere) throw new AuthenticatorError('bad_request', `This account already belongs to ${view.site}; it is not moved to another site.`);
    return view;
  }

  async pin(id: string, pinned: boolean): Promise<void> {
    await this.assertUnlocked();
    await this.change(id, (record) => {
      if (record.pinned === pinned) return false;
      record.pinned = pinned;
      return true;
    });
  }

  /** Puts `ids` first, in that order; the other active accounts follow in their current order. */
  async reorder(ids: readonly string[]): Promise<void> {
    await this.assertUnlocked();
    const now = this.now();
    const tx = (await this.db()).transaction('accounts', 'readwrite');
    const active = (await tx.store.getAll()).filter(isAccountRecord).filter((r) => r.deletedAt === null);
    const byId = new Map(active.map((r) => [r.id, r]));
    const unknown = ids.find((id) => !byId.has(id));
    if (unknown !== undefined) throw abort(tx, notFound(unknown));
    const first = ids.map((id) => byId.get(id)!);
    const placed = new Set(ids);
    const rest = active.filter((r) => !placed.has(r.id)).sort((a, b) => a.order - b.order);
    [...first, ...rest].forEach((record, order) => {
      if (record.order !== order) void tx.store.put({ ...record, order, updatedAt: now });
    });
    await tx.done;
  }

  /**
   * The code of one account now (or at `timestampMs`). HOTP: the code at the stored counter,
   * and the counter advances.
   * @throws `account_not_found`, `corrupted_record`, `locked`.
   */
  async code(id: string, timestampMs?: number): Promise<CodeResult> {
    const keys = await this.keys();
    const record = await this.activeRecord(id);
    const secret = await openSecret(keys, record.id, record.secret, labelOf(record));
    const at = timestampMs ?? this.now();
    if (record.type === 'totp') {
      return { code: generateCode(paramsOf(record, secret), at), expiresAt: stepEndsAt(record.period, at) };
    }
    // HOTP: read the counter and advance it in one transaction, so no code is handed out twice.
    const tx = (await this.db()).transaction('accounts', 'readwrite');
    const current = await tx.store.get(id);
    if (!current || !isAccountRecord(current)) throw abort(tx, notFound(id));
    const code = codeAt({ secret, algorithm: current.algorithm, digits: current.digits }, current.counter);
    void tx.store.put({ ...current, counter: current.counter + 1, updatedAt: this.now() });
    await tx.done;
    return { code, expiresAt: 0 };
  }

  /** Codes of TOTP accounts for display; each failure stays with its own account. */
  async codes(ids: readonly string[], timestampMs?: number): Promise<ListedCode[]> {
    const keys = await this.keys();
    const at = timestampMs ?? this.now();
    const tx = (await this.db()).transaction('accounts');
    const records = await Promise.all(ids.map((id) => tx.store.get(id)));
    return Promise.all(
      ids.map(async (id, i): Promise<ListedCode> => {
        try {
          const record = records[i];
          if (record === undefined) throw notFound(id);
          if (!isAccountRecord(record)) throw damaged(id);
          if (record.type !== 'totp') {
            throw new AuthenticatorError('bad_request', 'Counter-based (HOTP) codes are shown one at a time: ask for this one with "vault.code".');
          }
          const secret = await openSecret(keys, id, record.secret, labelOf(record));
          return { id, code: generateCode(paramsOf(record, secret), at), expiresAt: stepEndsAt(record.period, at) };
        } catch (error) {
          return { id, error: AuthenticatorError.from(error).toJSON() };
        }
      }),
    );
  }

  /**
   * Codes for a page: the default (non-previous) TOTP accounts bound to the page's site,
   * matching its origin or only its registrable domain. Callers pass the page the browser
   * says the sender is on, never a site named in a message.
   */
  async codesForPage(page: SiteBinding, timestampMs?: number): Promise<PageCode[]> {
    const keys = await this.keys();
    const at = timestampMs ?? this.now();
    const records = (await this.records()).filter(
      (r) => r.deletedAt === null && !r.previous && r.type === 'totp' && r.site === page.site,
    );
    const codes = await Promise.all(
      records.sort(byPosition).map(async (record): Promise<PageCode | null> => {
        try {
          const secret = await openSecret(keys, record.id, record.secret, labelOf(record));
          return {
            accountId: record.id,
            issuer: record.issuer,
            account: record.account,
            match: record.origin === page.origin ? 'origin' : 'site',
            code: generateCode(paramsOf(record, secret), at),
            expiresAt: stepEndsAt(record.period, at),
          };
        } catch {
          return null; // A damaged account offers no code; the popup shows why.
        }
      }),
    );
    return codes.filter((c): c is PageCode => c !== null).sort((a, b) => (a.match === b.match ? 0 : a.match === 'origin' ? -1 : 1));
  }

  /** The decrypted parameters of one account. Worker only: for fill and backup, never sent to a page. */
  async readOtpParams(id: string): Promise<OtpParams> {
    const keys = await this.keys();
    const record = await this.activeRecord(id);
    return paramsOf(record, await openSecret(keys, record.id, record.secret, labelOf(record)));
  }

  /** Every active account with its decrypted parameters (backup export); damaged ones apart. Worker only. */
  async exportAccounts(): Promise<{
    accounts: Array<{ account: AccountView; params: OtpParams }>;
    failed: Array<{ account: AccountView; error: SerializedError }>;
  }> {
    const keys = await this.keys();
    const records = (await this.records()).filter((r) => r.deletedAt === null).sort(byPosition);
    const accounts: Array<{ account: AccountView; params: OtpParams }> = [];
    const failed: Array<{ account: AccountView; error: SerializedError }> = [];
    for (const record of records) {
      try {
        accounts.push({ account: toView(record), params: paramsOf(record, await openSecret(keys, record.id, record.secret, labelOf(record))) });
      } catch (error) {
        failed.push({ account: toView(record), error: AuthenticatorError.from(error).toJSON() });
      }
    }
    return { accounts, failed };
  }

  /** Deletes for good what was soft-deleted more than 30 days ago. Returns how many. */
  async purgeDeleted(): Promise<number> {
    const cutoff = this.now() - UNDO_WINDOW_MS;
    const tx = (await this.db()).transaction('accounts', 'readwrite');
    let purged = 0;
    for (const record of await tx.store.getAll()) {
      if (isAccountRecord(record) && record.deletedAt !== null && record.deletedAt <= cutoff) {
        void tx.store.delete(record.id);
        purged++;
      }
    }
    await tx.done;
    return purged;
  }

  // ---- settings and bookkeeping -----------------------------------------------------------

  async settings(): Promise<Settings> {
    if (!this.settingsCache) {
      this.settingsCache = settingsFrom((await (await this.db()).get('meta', 'settings')) as Partial<Settings> | undefined);
    }
    return { ...this.settingsCache };
  }

  /** Applies `patch` (every key checked first; nothing applied on an error) and returns the result. */
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const tx = (await this.db()).transaction('meta', 'readwrite');
    const next = applySettingsPatch(settingsFrom((await tx.store.get('settings')) as Partial<Settings> | undefined), patch);
    void tx.store.put(next, 'settings');
    await tx.done;
    const previous = this.settingsCache;
    this.settingsCache = next;
    if (previous?.autoLockMinutes !== next.autoLockMinutes && this.unlocked?.passphrase) await this.extendLock(true);
    return { ...next };
  }

  /** Notes that a backup was made (the popup's reminder stops). */
  async recordBackup(atMs = this.now()): Promise<void> {
    await (await this.db()).put('meta', { lastBackupAt: atMs }, 'backup');
  }

  /** Wipes accounts, key, settings and the unlocked key. The next use starts a fresh vault. */
  async reset(): Promise<void> {
    await this.exclusive(async () => {
      const tx = (await this.db()).transaction(['accounts', 'meta'], 'readwrite');
      void tx.objectStore('accounts').clear();
      void tx.objectStore('meta').clear();
      await tx.done;
      this.settingsCache = null;
      await this.forgetKey();
    });
  }

  /** Closes the database connection (tests; the worker keeps it open). */
  async close(): Promise<void> {
    const db = this.dbPromise;
    this.dbPromise = null;
    (await db)?.close();
  }

  // ---- internals --------------------------------------------------------------------------

  private db(): Promise<IDBPDatabase<VaultDB>> {
    this.dbPromise ??= openVaultDb().catch((error: unknown) => {
      this.dbPromise = null;
      throw error;
    });
    return this.dbPromise;
  }

  /** Runs `fn` after every earlier exclusive change: key changes and adds never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async storedKeyRecord(): Promise<KeyRecord | null> {
    return ((await (await this.db()).get('meta', 'key')) as KeyRecord | undefined) ?? null;
  }

  /**
   * The key record; a fresh vault gets a random key (no passphrase) when it first encrypts
   * something, not before, so a passphrase set on an empty vault wraps a key never stored raw.
   */
  private async keyRecord(): Promise<KeyRecord> {
    const db = await this.db();
    const stored = await this.storedKeyRecord();
    if (stored) return stored;
    const fresh: KeyRecord = { kind: 'plain', key: generateVaultKey(), createdAt: this.now() };
    const tx = db.transaction('meta', 'readwrite');
    // Another caller may have created it meanwhile: keep theirs.
    const raced = (await tx.store.get('key')) as KeyRecord | undefined;
    if (!raced) void tx.store.put(fresh, 'key');
    await tx.done;
    return raced ?? fresh;
  }

  /** Throws `locked` unless the vault can be used now (extending the idle timer); needs no key. */
  private async assertUnlocked(): Promise<void> {
    const cached = this.unlocked;
    if (cached && (cached.lockAt === null || this.now() < cached.lockAt)) {
      if (cached.passphrase) await this.extendLock(false);
      return;
    }
    const record = await this.storedKeyRecord();
    if (record?.kind !== 'passphrase') return;
    if (!(await this.sessionKeys())) throw lockedError();
    await this.extendLock(false);
  }

  /**
   * The unlocked keys, extending the idle timer. Only `create` (adding an account) makes the
   * first key; before that there is nothing to decrypt, and a throwaway key (never stored)
   * reports any orphaned record as damaged.
   * @throws `locked`.
   */
  private async keys(options: { create?: boolean } = {}): Promise<VaultKeys> {
    const cached = this.unlocked;
    if (cached && (cached.lockAt === null || this.now() < cached.lockAt)) {
      if (cached.passphrase) await this.extendLock(false);
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
    await this.extendLock(false);
    return keys;
  }

  /** Keys from storage.session (a restarted worker), or null when locked; an expired key is forgotten. */
  private async sessionKeys(): Promise<VaultKeys | null> {
    const cached = this.unlocked;
    if (cached?.passphrase && (cached.lockAt === null || this.now() < cached.lockAt)) return cached.keys;
    const session = await readSessionKey();
    if (!session) return null;
    if (session.lockAt !== null && this.now() >= session.lockAt) {
      await this.forgetKey();
      return null;
    }
    const keys = await importVaultKey(session.key);
    this.unlocked = { keys, lockAt: session.lockAt, passphrase: true };
    return keys;
  }

  private async forgetKey(): Promise<void> {
    this.unlocked = null;
    await clearSessionKey();
    await cancelAutoLock();
  }

  private async nextLockAt(): Promise<number | null> {
    const minutes = (await this.settings()).autoLockMinutes;
    return minutes === 0 ? null : this.now() + minutes * 60_000;
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

  private async records(): Promise<AccountRecord[]> {
    const all = await (await this.db()).getAll('accounts');
    // One damaged record must not hide the others.
    return all.filter(isAccountRecord);
  }

  private async activeRecord(id: string): Promise<AccountRecord> {
    const record = await (await this.db()).get('accounts', id);
    if (record === undefined) throw notFound(id);
    if (!isAccountRecord(record)) throw damaged(id);
    if (record.deletedAt !== null) throw notFound(id);
    return record;
  }

  /**
   * Applies `mutate` to one account in one transaction and re-derives the default/previous
   * flags of the logins it belonged to before and after. `mutate` returns false for "no change".
   */
  private async change(
    id: string,
    mutate: (record: AccountRecord) => boolean,
    options: { includeDeleted?: number } = {},
  ): Promise<AccountView> {
    const now = this.now();
    const tx = (await this.db()).transaction('accounts', 'readwrite');
    const record = await tx.store.get(id);
    const visible =
      record !== undefined &&
      isAccountRecord(record) &&
      (record.deletedAt === null || (options.includeDeleted !== undefined && options.includeDeleted - record.deletedAt < UNDO_WINDOW_MS));
    if (!visible) throw abort(tx, record !== undefined && !isAccountRecord(record) ? damaged(id) : notFound(id));
    const before = record.identity;
    if (mutate(record)) {
      record.identity = identityOf(record.site, record.issuer, record.account);
      record.updatedAt = now;
      await tx.store.put(record);
      await regroup(tx.store, before, now);
      if (record.identity !== before) await regroup(tx.store, record.identity, now);
    }
    const result = (await tx.store.get(id)) as AccountRecord;
    await tx.done;
    return toView(result);
  }
}

// ---- record helpers (inside one transaction: only IndexedDB awaits) --------------------------

async function insert(store: AccountsStore, item: Prepared, now: number): Promise<AddAccountResult> {
  const same = (await store.index('by-fingerprint').getAll(item.fingerprint)).filter(isAccountRecord);
  const existing = same.find((r) => r.deletedAt === null) ?? same[0];
  if (existing) {
    const before = existing.identity;
    let changed = false;
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
      await store.put(existing);
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
  await store.put(record);
  await regroup(store, identity, now);
  return { account: toView(record), outcome: login.length > 0 ? 'replaced' : 'added' };
}

/** Within one login, the newest active token is the default and the others are `previous`. */
async function regroup(store: AccountsStore, identity: string, now: number): Promise<void> {
  const members = (await store.index('by-identity').getAll(identity))
    .filter(isAccountRecord)
    .filter((r) => r.deletedAt === null)
    .sort((a, b) => b.createdAt - a.createdAt);
  for (const [i, record] of members.entries()) {
    const previous = i > 0;
    if (record.previous !== previous) await store.put({ ...record, previous, updatedAt: now });
  }
}

async function nextOrder(store: AccountsStore): Promise<number> {
  const last = await store.index('by-order').openCursor(null, 'prev');
  return last ? (last.value.order ?? 0) + 1 : 0;
}

function byPosition(a: AccountRecord, b: AccountRecord): number {
  return Number(b.pinned) - Number(a.pinned) || a.order - b.order || a.createdAt - b.createdAt;
}

function paramsOf(record: AccountRecord, secret: string): OtpParams {
  return {
    type: record.type,
    secret,
    algorithm: record.algorithm,
    digits: record.digits,
    period: record.period,
    counter: record.counter,
    issuer: record.issuer,
    account: record.account,
  };
}

export function toSummary(view: AccountSummary): AccountSummary {
  const { id, issuer, account, origin, site, type, digits, period, previous } = view;
  return { id, issuer, account, origin, site, type, digits, period, previous };
}

function toView(record: AccountRecord): AccountView {
  return {
    id: record.id,
    issuer: record.issuer,
    account: record.account,
    origin: record.origin,
    site: record.site,
    type: record.type,
    digits: record.digits,
    period: record.period,
    previous: record.previous,
    pinned: record.pinned,
    order: record.order,
    createdAt: record.createdAt,
    deletedAt: record.deletedAt,
  };
}

function labelOf(record: AccountRecord): string {
  return record.issuer ? `${record.issuer} (${record.account})` : record.account;
}

function cleanName(value: unknown, what: string, mayBeEmpty: boolean): string {
  if (typeof value !== 'string') throw new AuthenticatorError('bad_request', `The ${what} must be text.`);
  const clean = value.trim();
  if (!mayBeEmpty && clean === '') throw new AuthenticatorError('bad_request', `The ${what} cannot be empty.`);
  if ([...clean].length > MAX_NAME_LENGTH) throw new AuthenticatorError('bad_request', `The ${what} is too long (at most ${MAX_NAME_LENGTH} characters).`);
  return clean;
}

/** Aborts `tx` (its `done` rejection is expected, not unhandled) and returns `error` to throw. */
function abort(tx: { abort(): void; done: Promise<void> }, error: AuthenticatorError): AuthenticatorError {
  tx.done.catch(() => undefined);
  tx.abort();
  return error;
}

function lockedError(): AuthenticatorError {
  return new AuthenticatorError('locked', 'The vault is locked. Unlock it with your passphrase (click the extension icon).');
}

function notFound(id: string): AuthenticatorError {
  return new AuthenticatorError('account_not_found', `There is no account with id "${id}" (it may have been deleted).`);
}

function damaged(id: string): AuthenticatorError {
  return new AuthenticatorError(
    'corrupted_record',
    `The stored data of account "${id}" is damaged and cannot be read. Your other accounts are unaffected; delete this one and set it up again.`,
  );
}
