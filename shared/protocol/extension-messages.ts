/**
 * The extension's one message protocol: popup, options, offscreen and content scripts ->
 * background. Each entry maps a message name to `(data) => result`; the background's handler
 * map (extension/background/handlers.ts) implements every entry, and
 * extension/messaging/ sends and receives them with these types. Handler errors arrive at the
 * caller as `AuthenticatorError`s with their `code`.
 *
 * Content scripts may send only the names in `CONTENT_SCRIPT_MESSAGES`; for those the
 * background takes the page's site from the sender, never from the data.
 */
import type { AccountSummary, CodeResult, FillResult, ScanResult, Settings, SyncStatus } from './automation';
import type { ExportRequest, ExportResult, ImportCommitRequest, ImportCommitResult, ImportInput, ImportPreviewView } from './backup';
import type { ScanAnswer } from './scan';

/** An account as the extension's own pages list it. */
export type AccountView = AccountSummary & {
  pinned: boolean;
  /** Position among the accounts, ascending; pinned accounts are listed first regardless. */
  order: number;
  createdAt: number;
  /** ms since the epoch when it was soft-deleted; null while active. */
  deletedAt: number | null;
};

export type AccountList = {
  /** Active accounts, pinned first, then by `order`; previous tokens included (flagged). */
  accounts: AccountView[];
  /** Soft-deleted accounts that can still be restored, newest first. */
  deleted: AccountView[];
};

export type VaultStatus = {
  hasPassphrase: boolean;
  locked: boolean;
  /** Active accounts (not deleted). */
  accountCount: number;
  /** ms since the epoch of the last backup made, or null. */
  lastBackupAt: number | null;
};

/** One code for display, or why that one account could not give one (the others still do). */
export type ListedCode =
  | ({ id: string } & CodeResult)
  | { id: string; error: { code: string; message: string } };

/** How a vault add ended: a new account, an existing one with the same secret, or a replacement. */
export type AddOutcome = 'added' | 'duplicate' | 'replaced';
export type AddAccountResult = { account: AccountView; outcome: AddOutcome };

/** A code of an account bound to one page's site (the vault's `codesForPage`; no message carries it). */
export type PageCode = {
  accountId: string;
  issuer: string;
  account: string;
  /** `origin`: the account was scanned on this very origin; `site`: same registrable domain, other origin. */
  match: 'origin' | 'site';
} & CodeResult;

/** An account as a page's fill button or the popup's fill list shows it: no secret, no code. */
export type FillEntry = {
  id: string;
  issuer: string;
  account: string;
  /** A replaced token, offered one click further away. */
  previous: boolean;
  /** The site it is bound to (null: none); the popup names it in its warning. */
  site: string | null;
};

/** A code for a page, or when the next acceptable one is ready: `code` is null until `notBefore` (ms). */
export type PageCodeOffer = { code: string | null; notBefore: number };

/** What a content script's page may fill (extension/fill/fill-policy.ts decides, from the sender). */
export type PageFillPlan = {
  /** This site's accounts for the in-page fill button: current tokens newest first, then previous ones. */
  offer: FillEntry[];
  /** The one account filled without a click (same origin, autoFill on), with its code when asked for. */
  automatic: ({ accountId: string } & PageCodeOffer) | null;
  submitAfterFill: boolean;
  /**
   * The vault is locked and an account of this page waits behind the lock: the page shows
   * "Unlock to fill" on its code fields (site names are not secret; nothing else is said).
   */
  locked: boolean;
};

/** The popup's view of a tab: this site's accounts, and the others (filled only after a warning). */
export type TabFillOptions = {
  /** The tab's site, or null when it is not a web page. */
  page: { origin: string; site: string } | null;
  offer: FillEntry[];
  otherSites: FillEntry[];
};

export interface ProtocolMap {
  'vault.status'(): VaultStatus;
  'vault.list'(): AccountList;
  /** The first `limit` active accounts in the list's order (the popup's first screenful), read without the rest. */
  'vault.head'(data: { limit: number }): AccountView[];
  /** Codes for the given accounts (what the popup shows); TOTP only, HOTP entries get an error. */
  'vault.codes'(data: { ids: string[]; timestampMs?: number }): ListedCode[];
  /** One code; for HOTP this advances the counter. */
  'vault.code'(data: { id: string; timestampMs?: number }): CodeResult;
  /** Parses `uri` (parseKeyUri's errors) and binds it to `pageUrl`'s site (null: unbound). */
  'vault.add'(data: { uri: string; pageUrl: string | null }): AddAccountResult;
  'vault.remove'(data: { id: string }): void;
  'vault.restore'(data: { id: string }): AccountView;
  'vault.rename'(data: { id: string; issuer: string; account: string }): AccountView;
  /** The complete new order of active account ids (ids left out keep their relative place after). */
  'vault.reorder'(data: { ids: string[] }): void;
  'vault.pin'(data: { id: string; pinned: boolean }): void;
  'vault.lock'(): void;
  'vault.unlock'(data: { passphrase: string }): void;
  /** Set (current null), change, or remove (next null) the passphrase; re-wraps the vault key only. */
  'vault.setPassphrase'(data: { current: string | null; next: string | null }): VaultStatus;
  'vault.reset'(): void;
  'settings.get'(): Settings;
  'settings.update'(data: Partial<Settings>): Settings;
  /** The popup copied `text`: clear the clipboard in 30 s if it still holds it. */
  'clipboard.copied'(data: { text: string }): void;
  /** The offscreen document finished its clipboard work and may be closed. */
  'clipboard.done'(): void;
  /** Scan the tab (active tab of the last focused window when omitted). Implemented by extension/scan. */
  'scan.run'(data: { tabId?: number }): ScanResult;
  /**
   * Content scripts (the scan's in-page UI): the user's answer to the question the scan asked
   * in that tab. The tab comes from the sender; the answer only counts for that tab's flow.
   */
  'scan.answer'(data: { flowId: string; answer: ScanAnswer }): void;
  /**
   * Decodes an image file or pasted image (a data: URL) and saves its code, bound to the page
   * in `tabId` (unbound when that is not a web page). `acceptIssuer` after the user confirmed
   * the issuer warning ([issuer_mismatch]).
   */
  'scan.image'(data: { dataUrl: string; tabId?: number; acceptIssuer?: boolean }): ScanResult;
  /** Fill the code into the tab. Implemented by extension/fill. */
  'fill.run'(data: { tabId?: number }): FillResult;
  /** Content scripts: what the sender's page may fill; `withCode` when a field is ready for the automatic code. */
  'fill.page'(data: { withCode: boolean }): PageFillPlan;
  /** Content scripts: a code of one account offered to the sender's page (the fill button was clicked). */
  /** `byUser`: the user clicked the fill button (pushes the vault's auto-lock back); false for an automatic fill. */
  'fill.code'(data: { accountId: string; byUser?: boolean }): PageCodeOffer;
  /** Content scripts: the user clicked "Unlock to fill": show the unlock view, then tell the sender's frame. */
  'fill.unlock'(): void;
  /** The popup: which accounts can fill the tab, and which belong to other sites. */
  'fill.options'(data: { tabId: number }): TabFillOptions;
  /** The popup: fill one account's code into the tab; another site's account only with `otherSite: true` (after the warning). */
  'fill.account'(data: { tabId: number; accountId: string; otherSite: boolean }): FillResult;
  /** Extension pages and automation: the next code of one account that no fill has used yet, counted as used (waits for its step). */
  'fill.next'(data: { accountId: string }): CodeResult;
  /** Reads a file or pasted text (any supported format) and stages its preview; nothing is written. */
  'backup.preview'(data: ImportInput): ImportPreviewView;
  /** Imports waiting for the user's yes (a scanned Google Authenticator export), oldest first. */
  'backup.pending'(): ImportPreviewView[];
  /** Adds the accepted entries of a preview in one vault transaction: all or nothing. */
  'backup.commit'(data: ImportCommitRequest): ImportCommitResult;
  'backup.discard'(data: { id: string }): void;
  /** Encrypted or plain backup, otpauth list, or Google Authenticator QR codes. */
  'backup.export'(data: ExportRequest): ExportResult;
  /** Gives an unbound (imported) account the site it belongs to: a domain ("github.com") or a web address. */
  'backup.assignSite'(data: { id: string; site: string }): AccountView;
  /** Extension pages and automation only (never a content script): the sync state (docs/sync-format.md). */
  'sync.status'(): SyncStatus;
  /**
   * Publishes this vault to storage.sync. With the vault's passphrase, under a fresh random
   * sync key it wraps; without, under the vault key. @throws `no_passphrase`, `locked`,
   * `sync_joinable`, `wrong_passphrase` (nothing changes), `bad_request`.
   */
  'sync.enable'(data: { passphrase?: string }): SyncStatus;
  /** Stops syncing; the local vault stays whole. `wipeRemote` also removes the synced copy. */
  'sync.disable'(data: { wipeRemote?: boolean }): SyncStatus;
  /**
   * Merges the vault another browser published, opened by its passphrase, which becomes this
   * vault's passphrase too; also how a browser takes a passphrase changed elsewhere.
   * @throws `nothing_to_join`, `wrong_passphrase` (nothing changes), `locked`.
   */
  'sync.join'(data: { passphrase: string }): SyncStatus;
}

export type MessageName = keyof ProtocolMap;
export type MessageData<K extends MessageName> = Parameters<ProtocolMap[K]> extends [infer D] ? D : undefined;
export type MessageResult<K extends MessageName> = ReturnType<ProtocolMap[K]>;

/** The only messages a content script may send; every other name is refused from a web page's tab. */
// No message hands a page codes without the fill rules: `fill.page` and `fill.code` apply the
// fill policy and track each account's filled step.
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageName> = new Set<MessageName>(['fill.page', 'fill.code', 'fill.unlock', 'scan.answer']);

/** Background -> content scripts of one tab. */
export interface ContentProtocolMap {
  /**
   * Fill `code` into the first code field of the page that can take it (after a scan, from the
   * popup, from automation), if the frame is still on `origin`, the page the background checked.
   */
  'page.fill'(data: { code: string; submit: boolean; origin: string }): { filled: boolean };
  /** The vault was unlocked after this frame's "Unlock to fill": fill again by the usual rules, if still on `origin`. */
  'page.unlocked'(data: { origin: string }): void;
}

/** Background -> offscreen document (Chrome only; Firefox's background page does this itself). */
export interface OffscreenProtocolMap {
  'offscreen.clearClipboardLater'(data: { text: string; delayMs: number }): void;
}
