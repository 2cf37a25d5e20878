/**
 * What one browser keeps about its sync, in the vault's IndexedDB (meta `sync`): the status
 * fields in clear (no name, site or secret in them, so the options page shows them while the
 * vault is locked), and sealed under the vault's own key (vault-crypto's `sealLocal`) the root
 * key and what was last synced (names and sites). A vault reset wipes it: sync is then off here.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { Sealed, VaultKeys } from '../vault/vault-crypto';
import { fromBase64Url, openLocal, sealLocal, toBase64Url } from '../vault/vault-crypto';
import type { LastSynced } from './field-clocks';
import type { SyncHeader } from './sync-format';

export type SyncState = {
  enabled: boolean;
  /** The header (`k`) this browser published or accepted last. */
  header: SyncHeader | null;
  /** `header` is new here (sync turned on, or the passphrase changed) and not written yet. */
  headerPending: boolean;
  /** This browser wrote or joined the synced copy, so a missing `k` means it was removed elsewhere. */
  published: boolean;
  lastSyncedAt: number | null;
  accounts: number;
  /** The size the vault would take when it was too big (nothing written then). */
  tooBigBytes: number | null;
  passphraseChanged: boolean;
  error: string | null;
  /** Failed writes in a row (quota): the next retry waits 2^retries times longer. */
  retries: number;
  /** `SyncSecrets`, sealed; null when sync is off. */
  sealed: Sealed | null;
};

/** The sealed part. */
export type SyncSecrets = { root: Uint8Array<ArrayBuffer>; lastSynced: LastSynced };

const LABEL = 'sync state';

export function offState(error: string | null = null): SyncState {
  return {
    enabled: false,
    header: null,
    headerPending: false,
    published: false,
    lastSyncedAt: null,
    accounts: 0,
    tooBigBytes: null,
    passphraseChanged: false,
    error,
    retries: 0,
    sealed: null,
  };
}

/** The stored state, or the "off" state for nothing stored (or a shape this version does not know). */
export function parseSyncState(value: unknown): SyncState {
  if (value === null || typeof value !== 'object') return offState();
  const s = value as Partial<SyncState>;
  if (typeof s.enabled !== 'boolean' || typeof s.headerPending !== 'boolean' || typeof s.published !== 'boolean') return offState();
  return { ...offState(), ...s } as SyncState;
}

export async function sealSecrets(keys: VaultKeys, secrets: SyncSecrets): Promise<Sealed> {
  return sealLocal(keys, LABEL, { root: toBase64Url(secrets.root), lastSynced: secrets.lastSynced });
}

/** @throws `corrupted_vault` when it does not open. */
export async function openSecrets(keys: VaultKeys, sealed: Sealed): Promise<SyncSecrets> {
  const value = (await openLocal(keys, LABEL, sealed)) as { root?: unknown; lastSynced?: unknown };
  if (typeof value?.root !== 'string' || typeof value.lastSynced !== 'object' || value.lastSynced === null) {
    throw new AuthenticatorError('corrupted_vault', 'The extension\'s stored sync state is damaged; turn sync off and on again.');
  }
  return { root: fromBase64Url(value.root), lastSynced: value.lastSynced as LastSynced };
}
