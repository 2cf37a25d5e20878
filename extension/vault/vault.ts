/**
 * The vault: every account and its encrypted secret, in IndexedDB (the key and the lock
 * state are VaultKeyring's, the add rules account-rules'). Only the background service worker
 * uses it. Every change does its crypto first and then one IndexedDB transaction with no
 * other `await` inside (an awaited WebCrypto call would let the transaction commit early). Secrets leave this module only as codes, except through
 * `readOtpParams` / `exportAccounts`, which stay inside the worker (fill, backup).
 */
import type { IDBPDatabase } from 'idb';
import { canonicalParams, generateCode, codeAt, stepEndsAt, type OtpParams } from '../../shared/otp';
import { AuthenticatorError, type SerializedError } from '../../shared/protocol/authenticator-error';
import type { AccountSummary, CodeResult, Settings } from '../../shared/protocol/automation';
import type { AccountList, AccountView, AddAccountResult, ListedCode, PageCode, VaultStatus } from '../../shared/protocol/extension-messages';
import type { SiteBinding } from '../../shared/site/site-of';
import { applySettingsPatch, settingsFrom } from './settings';
import { fingerprintSecret, openSecret, sealSecret } from './vault-crypto';
import { VaultKeyring, type UseOptions } from './vault-keyring';
import { identityOf, openVaultDb, withListKey, type AccountRecord, type VaultDB } from './vault-schema';
import { byPosition, isAccountRecord, labelOf, paramsOf, toSummary, toView } from './account-record';
import { readInSlices } from './read-in-slices';
import { insertAccount, regroup, type NewAccount, type PreparedAccount } from './account-rules';
import { localStateKey, type LocalAccount } from '../sync/field-clocks';
import type { KeyRecord } from './vault-schema';
import type { VaultKeys } from './vault-crypto';

export { toSummary };
export type { NewAccount, RestoredMeta } from './account-rules';

/** Deleted accounts can be restored for this long, then they are purged. */
export const UNDO_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_NAME_LENGTH = 256;

export type VaultOptions = {
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
  /**
   * Runs whenever the unlocked key is forgotten (lock, auto-lock, reset): other features drop
   * the secrets they hold for the user meanwhile (a scan's pending codes, pending imports).
   */
  onLock?: () => Promise<void>;
  /** Runs after each successful unlock: a fill that waited for it ("Unlock to fill") goes ahead. */
  onUnlock?: () => Promise<void>;
  /**
   * Runs after every change of the accounts (add, import, delete, restore, rename, site, pin,
   * order, HOTP counter): sync marks itself dirty. It must not throw; the change is done.
   */
  onChange?: () => void;
  /**
   * Around a passphrase change, inside it (no add runs meanwhile): `before` may refuse it
   * (sync refuses removing the passphrase while it syncs), `after` re-wraps what the new
   * passphrase guards elsewhere (sync's key).
   */
  passphraseHooks?: { before(next: string | null): Promise<void>; after(next: string | null): Promise<void> };
};

/** What sync asks the vault to write after a merge, checked against what it read (see `applySync`). */
export type SyncApply = {
  /** Accounts to write as merged: new here, or changed by the merge. */
  put: LocalAccount[];
  /** Ids merged into their twin: removed here (the twin holds them). */
  drop: string[];
  /** Each put or dropped account as sync read it (`localStateKey`); absent: it did not exist. */
  seen: ReadonlyMap<string, string>;
  /**
   * Sync's state, updated in the same transaction (what it last synced); see `updateSyncState`.
   * `undefined` (sync is off now) writes nothing at all and rejects with `sync_off`.
   */
  patchSyncState: SyncStatePatch;
};

/** A new sync state from the stored one: `null` removes it, `undefined` leaves it as it is. */
export type SyncStatePatch = (current: unknown) => unknown;

export class Vault {
  private readonly now: () => number;
  private dbPromise: Promise<IDBPDatabase<VaultDB>> | null = null;
  private readonly keyring: VaultKeyring;
  private settingsCache: Settings | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onUnlock: (() => Promise<void>) | undefined;
  private readonly onChange: () => void;
  private readonly passphraseHooks: VaultOptions['passphraseHooks'];

  constructor(options: VaultOptions = {}) {
    this.now = options.now ?? Date.now;
    this.onUnlock = options.onUnlock;
    this.onChange = options.onChange ?? (() => undefined);
    this.passphraseHooks = options.passphraseHooks;
    this.keyring = new VaultKeyring({
      db: () => this.db(),
      now: this.now,
      autoLockMinutes: async () => (await this.settings()).autoLockMinutes,
      onForget: options.onLock,
    });
  }

  // ---- lock state -------------------------------------------------------------------------

  async status(): Promise<VaultStatus> {
    const db = await this.db();
    const { hasPassphrase, locked } = await this.keyring.state();
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
    await this.keyring.unlock(passphrase);
    // What waited for the unlock must not make the unlock fail: the vault is open either way.
    await this.onUnlock?.().catch(() => undefined);
  }

  /**
   * The site bindings of the active accounts, readable while the vault is locked (names and
   * bindings are not secret): enough to tell a page that one of its accounts waits behind the
   * lock, and never a secret or a code.
   */
  async bindings(): Promise<Array<Pick<AccountView, 'id' | 'origin' | 'site' | 'previous' | 'createdAt'>>> {
    return (await this.records())
      .filter((r) => r.deletedAt === null)
      .map((r) => ({ id: r.id, origin: r.origin, site: r.site, previous: r.previous, createdAt: r.createdAt }));
  }

  /** Forgets the unlocked key. @throws `no_passphrase` when there is none to lock with. */
  lock(): Promise<void> {
    return this.keyring.lock();
  }

  /** What the auto-lock alarm calls (see VaultKeyring.autoLock). Returns whether it locked. */
  autoLock(force = false): Promise<boolean> {
    return this.keyring.autoLock(force);
  }

  /**
   * Sets (`current` null), changes, or removes (`next` null) the passphrase. Only the vault
   * key is re-wrapped; no secret is re-encrypted. A vault that holds no account yet gets a
   * fresh key instead, so no raw key it ever stored opens anything.
   * @throws `wrong_passphrase`, `weak_passphrase`, `no_passphrase`.
   */
  async setPassphrase(current: string | null, next: string | null): Promise<VaultStatus> {
    // Exclusive: no add runs meanwhile, so an empty vault stays empty until the new key is stored.
    await this.exclusive(async () => {
      await this.passphraseHooks?.before(next);
      await this.keyring.setPassphrase(current, next);
      await this.passphraseHooks?.after(next);
    });
    return this.status();
  }

  // ---- accounts ---------------------------------------------------------------------------

  /**
   * Active accounts (pinned first, then by order) and restorable deleted ones (newest first).
   * `touch: false`: a read a web page caused, which does not push auto-lock back.
   * `signal`: stops the read between slices once aborted (the page that asked has closed).
   */
  async list(use: UseOptions = {}, signal?: AbortSignal): Promise<AccountList> {
    await this.keyring.assertUnlocked(use);
    const records = await this.records(signal);
    const now = this.now();
    const accounts = records.filter((r) => r.deletedAt === null).sort(byPosition).map(toView);
    const deleted = records
      .filter((r) => r.deletedAt !== null && now - r.deletedAt < UNDO_WINDOW_MS)
      .sort((a, b) => b.deletedAt! - a.deletedAt!)
      .map(toView);
    return { accounts, deleted };
  }

  /**
   * The first `limit` active accounts in the popup's order (what `list` would put first),
   * read through the `by-list` index: the cost does not grow with the vault. The popup paints
   * these, then reads the whole list.
   */
  async head(limit: number, use: UseOptions = {}): Promise<AccountView[]> {
    await this.keyring.assertUnlocked(use);
    const records = await (await this.db()).getAllFromIndex('accounts', 'by-list', undefined, limit);
    return records.filter(isAccountRecord).map(toView);
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
    // Canonical form, and the parser's messages for anything a key URI cannot carry (callers
    // parsed their input already: this checks the typed values without parsing them again).
    const canonical = items.map((item) => ({ ...item, params: canonicalParams(item.params) }));
    return this.exclusive(async () => {
      const keys = await this.keyring.keys({ create: true });
      const prepared: PreparedAccount[] = await Promise.all(
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
        for (const item of prepared) results.push(await insertAccount(tx.store, item, now));
      } catch (error) {
        // Any failure part-way (even one thrown synchronously) leaves the vault as it was.
        throw abort(tx, AuthenticatorError.from(error));
      }
      await tx.done;
      this.onChange();
      return results;
    });
  }

  /** Soft delete: restorable for 30 days. A previous token of the same login becomes the default. */
  async remove(id: string): Promise<void> {
    await this.keyring.assertUnlocked();
    await this.change(id, (record) => {
      if (record.deletedAt !== null) return false;
      record.deletedAt = this.now();
      return true;
    });
    this.onChange();
  }

  /** Undoes `remove` within 30 days. */
  async restore(id: string): Promise<AccountView> {
    await this.keyring.assertUnlocked();
    const now = this.now();
    return this.changed(
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
    await this.keyring.assertUnlocked();
    return this.changed(id, (record) => {
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
    await this.keyring.keys();
    let elsewhere = false;
    const view = await this.changed(id, (record) => {
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
    await this.keyring.assertUnlocked();
    await this.changed(id, (record) => {
      if (record.pinned === pinned) return false;
      record.pinned = pinned;
      return true;
    });
  }

  /** Puts `ids` first, in that order; the other active accounts follow in their current order. */
  async reorder(ids: readonly string[]): Promise<void> {
    await this.keyring.assertUnlocked();
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
      if (record.order !== order) void tx.store.put(withListKey({ ...record, order, updatedAt: now }));
    });
    await tx.done;
    this.onChange();
  }

  /**
   * The code of one account now (or at `timestampMs`). HOTP: the code at the stored counter,
   * and the counter advances. `touch: false`: a code the user did not ask for (an automatic
   * fill), which does not push auto-lock back.
   * @throws `account_not_found`, `corrupted_record`, `locked`.
   */
  async code(id: string, timestampMs?: number, use: UseOptions = {}): Promise<CodeResult> {
    const keys = await this.keyring.keys(use);
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
    void tx.store.put(withListKey({ ...current, counter: current.counter + 1, updatedAt: this.now() }));
    await tx.done;
    this.onChange();
    return { code, expiresAt: 0 };
  }

  /** Codes of TOTP accounts for display; each failure stays with its own account. */
  async codes(ids: readonly string[], timestampMs?: number): Promise<ListedCode[]> {
    const keys = await this.keyring.keys();
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
    const keys = await this.keyring.keys();
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
    const keys = await this.keyring.keys();
    const record = await this.activeRecord(id);
    return paramsOf(record, await openSecret(keys, record.id, record.secret, labelOf(record)));
  }

  /** Every active account with its decrypted parameters (backup export); damaged ones apart. Worker only. */
  async exportAccounts(): Promise<{
    accounts: Array<{ account: AccountView; params: OtpParams }>;
    failed: Array<{ account: AccountView; error: SerializedError }>;
  }> {
    const keys = await this.keyring.keys();
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
    if (previous?.autoLockMinutes !== next.autoLockMinutes) await this.keyring.idleTimeChanged();
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
      await this.keyring.forget();
    });
  }

  /** Closes the database connection (tests; the worker keeps it open). */
  async close(): Promise<void> {
    const db = this.dbPromise;
    this.dbPromise = null;
    (await db)?.close();
  }

  // ---- sync (extension/sync/sync-service.ts) -----------------------------------------------

  /** The unlocked keys for sync's own work, which does not push auto-lock back. @throws `locked`. */
  syncKeys(): Promise<VaultKeys> {
    return this.keyring.keys({ touch: false });
  }

  /** The raw vault key and its stored record (turning sync on publishes the wrapped record). @throws `locked`. */
  unlockedKey(): Promise<{ raw: Uint8Array<ArrayBuffer>; record: KeyRecord }> {
    return this.keyring.unlockedKey();
  }

  /**
   * Makes `next` the passphrase without asking for the current one (the vault must be
   * unlocked): joining a synced vault makes its passphrase this vault's too.
   * @throws `locked`, `weak_passphrase`.
   */
  adoptPassphrase(next: string): Promise<void> {
    return this.exclusive(() => this.keyring.adoptPassphrase(next));
  }

  /** Every account, deleted ones too, with its secret decrypted: what sync merges. Damaged ones are left out (and listed). Worker only. */
  async localAccounts(): Promise<{ accounts: LocalAccount[]; damaged: string[] }> {
    const keys = await this.syncKeys();
    const accounts: LocalAccount[] = [];
    const damaged: string[] = [];
    const all = await (await this.db()).getAll('accounts');
    await Promise.all(
      all.map(async (record) => {
        if (!isAccountRecord(record)) {
          if (typeof (record as { id?: unknown })?.id === 'string') damaged.push((record as { id: string }).id);
          return;
        }
        try {
          accounts.push(toLocalAccount(record, await openSecret(keys, record.id, record.secret, labelOf(record))));
        } catch {
          damaged.push(record.id);
        }
      }),
    );
    return { accounts, damaged };
  }

  /**
   * Writes a merge's result in one transaction with sync's state. Refused (`sync_conflict`,
   * nothing written) when any account it touches changed since sync read it: sync runs again
   * from the new state, so an edit made meanwhile is never overwritten.
   */
  async applySync(plan: SyncApply): Promise<void> {
    const keys = await this.syncKeys();
    const now = this.now();
    const db = await this.db();
    const known = new Map<string, AccountRecord>();
    for (const record of await db.getAll('accounts')) if (isAccountRecord(record)) known.set(record.id, record);
    // The crypto first: a secret never changes for an id, so known accounts keep theirs.
    const records = await Promise.all(
      plan.put.map(async (account): Promise<AccountRecord> => {
        const old = known.get(account.id);
        const [secret, fingerprint] = old
          ? [old.secret, old.fingerprint]
          : await Promise.all([sealSecret(keys, account.id, account.secret), fingerprintSecret(keys, account.secret)]);
        return {
          id: account.id,
          issuer: account.issuer,
          account: account.account,
          type: account.type,
          algorithm: account.algorithm,
          digits: account.digits,
          period: account.period,
          counter: account.counter,
          secret,
          fingerprint,
          origin: account.origin,
          site: account.site,
          createdAt: account.createdAt,
          updatedAt: now,
          identity: identityOf(account.site, account.issuer, account.account),
          order: account.order,
          pinned: account.pinned,
          previous: old?.previous ?? false,
          deletedAt: account.deletedAt,
        };
      }),
    );
    const tx = db.transaction(['accounts', 'meta'], 'readwrite');
    // Sync turned off or the vault reset since the merge read it: nothing is written (after a
    // reset, the secrets above are sealed with a key the fresh vault does not have).
    const meta = tx.objectStore('meta');
    const nextSyncState = plan.patchSyncState((await meta.get('sync')) ?? null);
    if (nextSyncState === undefined) throw abort(tx, new AuthenticatorError('sync_off', 'Sync was turned off while it merged; nothing was written.'));
    const store = tx.objectStore('accounts');
    const identities = new Set<string>();
    for (const id of [...records.map((r) => r.id), ...plan.drop]) {
      const current = await store.get(id);
      const expected = plan.seen.get(id);
      const same = current === undefined ? expected === undefined : isAccountRecord(current) && localStateKey(current) === expected;
      if (!same) throw abort(tx, new AuthenticatorError('sync_conflict', 'The vault changed while sync merged it; sync runs again.'));
      if (current !== undefined && isAccountRecord(current)) identities.add(current.identity);
    }
    for (const record of records) {
      identities.add(record.identity);
      void store.put(withListKey(record));
    }
    for (const id of plan.drop) void store.delete(id);
    for (const identity of identities) await regroup(store, identity, now);
    if (nextSyncState === null) await meta.delete('sync');
    else await meta.put(nextSyncState, 'sync');
    await tx.done;
  }

  /** Sync's stored state (null: never turned on, or reset). */
  async syncState(): Promise<unknown> {
    return (await (await this.db()).get('meta', 'sync')) ?? null;
  }

  /** Stores (null: removes) sync's state. */
  async putSyncState(state: unknown): Promise<void> {
    await this.updateSyncState(() => state);
  }

  /** Updates sync's state from the stored one in one transaction (a concurrent update is never lost). */
  async updateSyncState(patch: SyncStatePatch): Promise<void> {
    const tx = (await this.db()).transaction('meta', 'readwrite');
    await patchIn(tx.store, patch);
    await tx.done;
  }

  /** Whether a change waits to be synced (kept in IndexedDB: it survives a stopped worker). */
  async syncDirty(): Promise<boolean> {
    return (await (await this.db()).get('meta', 'syncDirty')) === true;
  }

  async setSyncDirty(dirty: boolean): Promise<void> {
    await (await this.db()).put('meta', dirty, 'syncDirty');
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

  private async records(signal?: AbortSignal): Promise<AccountRecord[]> {
    // In slices: a head read (the popup's first rows) never waits for a whole vault's records.
    const all = await readInSlices<unknown>((await this.db()).transaction('accounts').store, undefined, signal);
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

  /** `change`, then tells sync. */
  private async changed(...args: Parameters<Vault['change']>): Promise<AccountView> {
    const view = await this.change(...args);
    this.onChange();
    return view;
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
      await tx.store.put(withListKey(record));
      await regroup(tx.store, before, now);
      if (record.identity !== before) await regroup(tx.store, record.identity, now);
    }
    const result = (await tx.store.get(id)) as AccountRecord;
    await tx.done;
    return toView(result);
  }
}

async function patchIn(meta: { get(key: 'sync'): Promise<unknown>; put(value: unknown, key: 'sync'): Promise<unknown>; delete(key: 'sync'): Promise<void> }, patch: SyncStatePatch): Promise<void> {
  const next = patch((await meta.get('sync')) ?? null);
  if (next === null) await meta.delete('sync');
  else if (next !== undefined) await meta.put(next, 'sync');
}

function toLocalAccount(record: AccountRecord, secret: string): LocalAccount {
  return {
    id: record.id,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...paramsOf(record, secret),
    origin: record.origin,
    site: record.site,
    pinned: record.pinned,
    order: record.order,
    deletedAt: record.deletedAt,
  };
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

function notFound(id: string): AuthenticatorError {
  return new AuthenticatorError('account_not_found', `There is no account with id "${id}" (it may have been deleted).`);
}

function damaged(id: string): AuthenticatorError {
  return new AuthenticatorError(
    'corrupted_record',
    `The stored data of account "${id}" is damaged and cannot be read. Your other accounts are unaffected; delete this one and set it up again.`,
  );
}
