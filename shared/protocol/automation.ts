/**
 * The automation surface: `globalThis.authenticator` in the extension's service worker
 * (README, "For test engineers"). Test engineers reach it with Playwright's
 * `serviceWorker.evaluate`; it calls the same functions as the popup's buttons. Every method
 * rejects with an `AuthenticatorError` whose message starts with `[code]`.
 */

/** One account as anything outside the vault sees it: never a secret. */
export type AccountSummary = {
  id: string;
  issuer: string;
  account: string;
  /** The origin of the page it was scanned on; null for accounts added without a page (imports). */
  origin: string | null;
  /** The registrable domain of `origin` (tldts); the host for localhost and IP addresses. */
  site: string | null;
  type: 'totp' | 'hotp';
  digits: number;
  period: number;
  /** True for a token replaced by a newer one for the same site, issuer and account. */
  previous: boolean;
};

/** User settings. New features add keys here and a default in extension/vault/settings.ts. */
export type Settings = {
  /** Lock a passphrase-protected vault after this many idle minutes; 0 = only on browser restart. */
  autoLockMinutes: number;
  /** Fill codes automatically on the account's own origin. */
  autoFill: boolean;
  /** Submit the form after filling a code. */
  submitAfterFill: boolean;
  /** After a scan, fill the enrolment's confirmation code into the page. */
  fillConfirmationAfterScan: boolean;
  /** Ask before importing accounts from a file or export. */
  confirmImports: boolean;
};

export type ScanResult = {
  added: AccountSummary[];
  filled: boolean;
  /** What the user was told: "Added Acme (alice@example.com) for acme.example". */
  message?: string;
};
export type FillResult = {
  filled: boolean;
  accountId: string | null;
  /** Why nothing was filled, when the user should know (the tab moved to another site meanwhile). */
  reason?: string;
};
/** `expiresAt` is ms since the epoch; 0 for HOTP (a counter code never expires; each call advances the counter). */
export type CodeResult = { code: string; expiresAt: number };

/**
 * Sync between a person's own browsers through `storage.sync`, end to end encrypted
 * (docs/sync-format.md). What the options page, the popup and `authenticator.sync('status')` show.
 */
export type SyncStatus = {
  /** This browser syncs its vault. */
  enabled: boolean;
  /** When this browser last wrote or merged the synced copy (ms since the epoch); null: never. */
  lastSyncedAt: number | null;
  /** Active accounts (not deleted) in the synced copy as last written or read; 0 when there is none. */
  accounts: number;
  /** Bytes the synced copy takes in storage.sync (keys plus JSON values), as the browser counts its quota. */
  bytes: number;
  /** The vault outgrew storage.sync: sync stopped writing; nothing local was lost. */
  tooBig: boolean;
  /** storage.sync holds a vault from another browser that this one has not joined ("Join your synced vault"). */
  joinable: boolean;
  /** Another browser changed the passphrase: enter the new one once (`sync('join', next)`) to use it here. */
  passphraseChanged: boolean;
  /** The last error of a sync attempt (quota, damaged copy), `[code] message`; null when the last attempt worked. */
  error: string | null;
};

export interface Authenticator {
  /** Captures the tab (the active one when omitted; activates it first), saves what it finds, fills the code. */
  scan(tabId?: number): Promise<ScanResult>;
  /** Fills the code of the account bound to the tab's site. */
  fill(tabId?: number): Promise<FillResult>;
  /** Every active account (not deleted), never a secret. */
  accounts(): Promise<AccountSummary[]>;
  /** Adds an `otpauth://` URI bound to the site of `pageUrl` (the page it belongs to). */
  add(uri: string, pageUrl: string): Promise<AccountSummary>;
  /** Soft delete (undo from the popup for 30 days). */
  remove(id: string): Promise<void>;
  /** The current code (or the code at `timestampMs`) and when it stops being current. */
  code(id: string, timestampMs?: number): Promise<CodeResult>;
  /**
   * The next code of a TOTP account that the extension has not used yet (neither filled nor
   * handed out here), counted as used: waits for the next time step when this one was used
   * already, so signing in twice within 30 s does not trip the server's replay rule. HOTP: the
   * next counter code.
   */
  nextCode(id: string): Promise<CodeResult>;
  /** Unlocks a passphrase-protected vault; a fill waiting on a page ("Unlock to fill") then goes ahead. */
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  /**
   * Sets, changes or removes the vault passphrase, as the options page does: `current` is the
   * passphrase in force (null when there is none), `next` the new one (null removes it). For
   * test setup: `setPassphrase(null, 'a long passphrase')`, then `lock()`.
   */
  setPassphrase(current: string | null, next: string | null): Promise<void>;
  /** Applies `patch` (when given) and returns the settings in force. */
  settings(patch?: Partial<Settings>): Promise<Settings>;
  /** Wipes the vault, its key and the settings: for test setup. */
  reset(): Promise<void>;
  /**
   * Sync through the browser's `storage.sync`, end to end encrypted with a key the vault
   * passphrase wraps (set one first). `enable` publishes this vault: given the vault's
   * passphrase, under a fresh random sync key (turning sync off with `wipeRemote` and on again
   * this way replaces a key whose passphrase leaked); without, under the vault key. `join` merges the vault
   * another browser published, unlocked by its passphrase (nothing changes on a wrong one), and
   * after a passphrase change elsewhere takes the new passphrase; `disable` stops syncing and
   * keeps the local vault whole, `wipeRemote` also removes the synced copy; every call resolves
   * the status after it. A vault too big for storage.sync resolves `tooBig: true` (nothing is
   * written, nothing local is lost; sync resumes by itself once the vault is small enough).
   * @throws `no_passphrase`, `locked`, `wrong_passphrase`, `nothing_to_join`, `sync_joinable`
   * (enable while storage.sync holds another browser's vault: join it instead), `sync_format`
   * (join of a synced copy that is damaged or from a newer version; nothing changes),
   * `bad_request`. (`setPassphrase(current, null)` while syncing: `sync_needs_passphrase`.)
   */
  sync(action: 'status'): Promise<SyncStatus>;
  sync(action: 'enable', passphrase?: string): Promise<SyncStatus>;
  sync(action: 'disable', options?: { wipeRemote?: boolean }): Promise<SyncStatus>;
  sync(action: 'join', passphrase: string): Promise<SyncStatus>;
}
