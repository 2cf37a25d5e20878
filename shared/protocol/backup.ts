/**
 * What crosses the message boundary for backup, import and export (the `backup.*` messages
 * of extension-messages.ts). A preview shown in a page never holds a secret: the background
 * keeps the accounts until the user commits or discards the import.
 */
import type { AccountSummary } from './automation';

/**
 * Files larger than this are refused before they are read (the options page checks before it
 * sends, the background again): a backup of a thousand accounts is under 1 MB.
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** A file (its bytes in base64) or pasted text, and the password of an encrypted one. */
export type ImportInput = { text?: string; base64?: string; password?: string };

/** One account of a preview: everything but its secret. `where` names it within the import and is its key. */
export type ImportEntryView = {
  where: string;
  issuer: string;
  account: string;
  type: 'totp' | 'hotp';
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
  /** The binding it carries (our own backups only); null for other apps' accounts. */
  origin: string | null;
  site: string | null;
  pinned: boolean;
  previous: boolean;
  /** For unbound accounts: a site suggested from the issuer, bound only if the user confirms it. */
  suggestedSite: string | null;
  /**
   * "GitHub (alice), in your vault" or "GitHub (alice), line 2": another account with the same
   * secret but another name or type. Both are kept: only exact duplicates are left out.
   */
  sharesSecretWith: string | null;
};

export type ImportDuplicateView = ImportEntryView & {
  /**
   * An exact duplicate (same type, secret, issuer and account name) of an account already in
   * the vault, or of an earlier entry of this import.
   */
  duplicateOf: { kind: 'vault'; id: string } | { kind: 'file'; where: string };
  /** A HOTP duplicate whose counter is newer than the vault's: importing moves the counter on. */
  advancesCounter: boolean;
};

/** An entry that cannot be imported, named so the user recognises it, and why. */
export type ImportProblemView = { where: string; label: string; code: string; message: string };

export type ImportPreviewView = {
  id: string;
  /** `file`: from the options page; `scan`: a scanned Google Authenticator export waiting for the user. */
  source: 'file' | 'scan';
  format: string;
  /** "Aegis vault export (encrypted)" */
  formatName: string;
  encrypted: boolean;
  toAdd: ImportEntryView[];
  duplicates: ImportDuplicateView[];
  invalid: ImportProblemView[];
  notes: string[];
  /** Our own backups carry settings; they are restored only when the commit asks for it. */
  hasSettings: boolean;
  createdAt: number;
};

export type ImportCommitRequest = {
  id: string;
  /** `where` of the entries to add; all of `toAdd` when omitted. */
  include?: string[];
  /** Sites the user assigned, by `where`: a domain ("github.com") or a web address. */
  sites?: Record<string, string>;
  restoreSettings?: boolean;
};

export type ImportCommitResult = {
  added: AccountSummary[];
  /** Entries that turned out to be in the vault already when committing. */
  duplicates: number;
  settingsRestored: boolean;
};

export type ExportKind = 'encrypted' | 'plain' | 'uris' | 'migration';

export type ExportRequest = {
  kind: ExportKind;
  /** The backup password (encrypted backups). */
  password?: string;
  /** Unencrypted exports (plain, uris, migration) need the user's explicit yes to the warning. */
  confirmUnencrypted?: boolean;
};

export type ExportResult = {
  kind: ExportKind;
  /** A file to save (encrypted, plain, uris). */
  file: { name: string; mimeType: string; text: string } | null;
  /** Google Authenticator export addresses, one QR code each (migration). */
  uris: string[];
  accountCount: number;
  /** Accounts left out, and why (damaged records; what Google Authenticator cannot carry). */
  leftOut: { label: string; message: string }[];
};

/** A scanned Google Authenticator export QR code: "2 of 3 scanned", then the accounts added. */
export type MigrationScanResult = {
  added: AccountSummary[];
  scanned: number;
  total: number;
  complete: boolean;
  message: string;
};
