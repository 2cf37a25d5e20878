/**
 * The vault's IndexedDB schema, one upgrade step per version. Version 1 held accounts and
 * the key; version 2 added ordering, pinning, replaced ("previous") tokens and soft delete;
 * version 3 indexes deleted accounts, so counting the active ones reads no record; version 4
 * indexes the active accounts in the order the popup shows them, so its first screenful is
 * read without reading the rest (the first paint's cost does not grow with the vault).
 * Each step runs inside the browser's versionchange transaction and only touches IndexedDB.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { OtpAlgorithm, OtpType } from '../../shared/otp';
import type { Settings } from '../../shared/protocol/automation';
import type { Sealed, WrappedVaultKey } from './vault-crypto';

export const VAULT_DB_NAME = 'authenticator-vault';
export const VAULT_DB_VERSION = 4;

/** One account as stored. Only `secret` is encrypted; names and the binding are not secret. */
export type AccountRecord = {
  id: string;
  issuer: string;
  account: string;
  type: OtpType;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
  /** HOTP moving factor: the counter of the next code to show. */
  counter: number;
  secret: Sealed;
  /** Keyed HMAC of the secret: finds duplicates without decrypting anything. */
  fingerprint: string;
  origin: string | null;
  site: string | null;
  createdAt: number;
  updatedAt: number;
  // Since version 2:
  /** `site`, issuer and account, lower-cased: accounts sharing it replace one another. */
  identity: string;
  order: number;
  pinned: boolean;
  previous: boolean;
  deletedAt: number | null;
  // Since version 4:
  /**
   * `[pinned ? 0 : 1, order, createdAt]` for an active account, absent for a deleted one (so it
   * is not in `by-list`): the popup's order as one key. Set by `withListKey` on every write.
   */
  listKey?: ListKey;
};

export type ListKey = [number, number, number];

/** The record with its `listKey` for its current pin, order, creation time and deletion. */
export function withListKey<R extends AccountRecord>(record: R): R {
  const next = { ...record };
  if (record.deletedAt === null) next.listKey = [record.pinned ? 0 : 1, record.order, record.createdAt];
  else delete next.listKey;
  return next;
}

/** The vault key: stored raw (no passphrase: not encrypted at rest) or wrapped by a passphrase. */
export type KeyRecord =
  | { kind: 'plain'; key: Uint8Array; createdAt: number }
  | ({ kind: 'passphrase'; createdAt: number } & WrappedVaultKey);

export type MetaRecords = {
  key: KeyRecord;
  settings: Partial<Settings>;
  backup: { lastBackupAt: number };
  /** Sync's own state (extension/sync/sync-state.ts checks its shape): what names accounts is sealed. */
  sync: unknown;
  /** A change of the accounts that sync has not written yet (it survives a stopped worker). */
  syncDirty: boolean;
};

export interface VaultDB extends DBSchema {
  accounts: {
    key: string;
    value: AccountRecord;
    /** `by-deleted` holds only soft-deleted accounts: a null `deletedAt` is not a valid key. */
    indexes: { 'by-fingerprint': string; 'by-identity': string; 'by-order': number; 'by-deleted': number; 'by-list': ListKey };
  };
  meta: { key: keyof MetaRecords; value: MetaRecords[keyof MetaRecords] };
}

type UpgradeTx = IDBPTransaction<VaultDB, StoreNames<VaultDB>[], 'versionchange'>;

/** `MIGRATIONS[v - 1]` upgrades a database from version v - 1 to v. */
export const MIGRATIONS: ReadonlyArray<(db: IDBPDatabase<VaultDB>, tx: UpgradeTx) => Promise<void> | void> = [
  // 1: accounts and the key.
  (db) => {
    const accounts = db.createObjectStore('accounts', { keyPath: 'id' });
    accounts.createIndex('by-fingerprint', 'fingerprint');
    db.createObjectStore('meta');
  },
  // 2: order, pin, previous tokens, soft delete. Existing accounts keep their creation order.
  async (_db, tx) => {
    const store = tx.objectStore('accounts');
    store.createIndex('by-identity', 'identity');
    store.createIndex('by-order', 'order');
    const existing = (await store.getAll()) as Array<Partial<AccountRecord> & { id: string }>;
    existing.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
    let order = 0;
    for (const record of existing) {
      await store.put({
        ...record,
        identity: identityOf(record.site ?? null, record.issuer ?? '', record.account ?? ''),
        order: order++,
        pinned: false,
        previous: false,
        deletedAt: null,
      } as AccountRecord);
    }
  },
  // 3: an index of deleted accounts.
  (_db, tx) => {
    tx.objectStore('accounts').createIndex('by-deleted', 'deletedAt');
  },
  // 4: the active accounts in the popup's order (pinned first, then order, then creation).
  async (_db, tx) => {
    const store = tx.objectStore('accounts');
    store.createIndex('by-list', 'listKey');
    let cursor = await store.openCursor();
    while (cursor) {
      const record = cursor.value as AccountRecord;
      if (typeof record === 'object' && record !== null && typeof record.order === 'number' && typeof record.createdAt === 'number') {
        await cursor.update(withListKey(record));
      }
      cursor = await cursor.continue();
    }
  },
];

/** Opens (and upgrades) the vault database. `version` is lower only in upgrade tests. */
export function openVaultDb(version = VAULT_DB_VERSION): Promise<IDBPDatabase<VaultDB>> {
  return openDB<VaultDB>(VAULT_DB_NAME, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) await MIGRATIONS[v]!(db, tx);
    },
    blocking(_current, _next, event) {
      // A newer version wants to open (an extension update): let it.
      (event.target as IDBDatabase).close();
    },
  });
}

/** Accounts with the same identity are one login: the newest becomes the default. */
export function identityOf(site: string | null, issuer: string, account: string): string {
  return [site ?? '', issuer.trim().toLowerCase(), account.trim().toLowerCase()].join('\n');
}
