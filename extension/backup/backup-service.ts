/**
 * The background's backup service: previews imports against the vault, commits an accepted
 * preview in one vault transaction, collects scanned Google Authenticator exports code by
 * code, and writes the exports. Secrets stay in the worker; pages get previews without them
 * and the export files they asked for.
 */
import {
  addMigrationPart,
  decodeMigrationUri,
  describeMigrationProgress,
  migrationBatchContents,
  migrationBatchProgress,
  type MigrationBatchState,
} from '../../shared/migration';
import type { OtpParams } from '../../shared/otp';
import type { Settings } from '../../shared/protocol/automation';
import type {
  ExportRequest,
  ExportResult,
  ImportCommitRequest,
  ImportCommitResult,
  ImportInput,
  ImportPreviewView,
  MigrationScanResult,
} from '../../shared/protocol/backup';
import { siteOf, type SiteBinding } from '../../shared/site/site-of';
import { toSummary, type NewAccount, type Vault } from '../vault';
import { BackupError } from './backup-error';
import type { BackupAccount } from './backup-format';
import { buildPreview, previewView, type ImportPreview, type PreviewEntry } from './build-preview';
import { decodeBase64Field } from './encoding';
import { exportMigrationCodes, exportUriList } from './export-accounts';
import { MAX_IMPORT_BYTES } from '../../shared/protocol/backup';
import { NO_META, type ParsedImport } from './import-types';
import { clearBatch, listPending, loadBatch, loadPending, removePending, saveBatch, savePending } from './pending-imports';
import { readImport } from './read-import';
import { labelOf } from './to-candidate';
import { writeEncryptedBackup, writePlainBackup } from './write-backup';

export type BackupServiceOptions = { now?: () => number };
export type BackupService = ReturnType<typeof createBackupService>;

/** The vault methods the service uses (the Vault class; tests may wrap it). */
type BackupVault = Pick<Vault, 'exportAccounts' | 'addAccounts' | 'settings' | 'updateSettings' | 'recordBackup' | 'assignSite'>;

type Waiter = { resolve: (result: ImportCommitResult) => void; reject: (error: unknown) => void };

export function createBackupService(vault: BackupVault, options: BackupServiceOptions = {}) {
  const now = options.now ?? Date.now;
  /** Scans waiting for the user's yes to their import, by pending import id (this worker only). */
  const waiters = new Map<string, Waiter>();

  async function existingAccounts() {
    const { accounts } = await vault.exportAccounts();
    return accounts.map(({ account, params }) => ({ id: account.id, params }));
  }

  async function stage(parsed: ParsedImport, source: ImportPreviewView['source']): Promise<{ id: string; preview: ImportPreview; view: ImportPreviewView }> {
    const preview = buildPreview(parsed, await existingAccounts());
    const id = crypto.randomUUID();
    const createdAt = now();
    await savePending({ id, source, createdAt, preview });
    return { id, preview, view: previewView(preview, { id, source, createdAt }) };
  }

  async function commit(request: ImportCommitRequest): Promise<ImportCommitResult> {
    const pending = await loadPending(request.id, now());
    if (!pending) throw new BackupError('import_expired', 'This import is no longer waiting (it was committed, cancelled, or left for over 30 minutes). Choose the file again.');
    const include = request.include === undefined ? null : new Set(request.include);
    const chosen = pending.preview.toAdd.filter((entry) => include === null || include.has(entry.where));
    // Exact HOTP duplicates with a newer counter go in too: the vault keeps the account and takes the counter.
    const counters: NewAccount[] = pending.preview.duplicates
      .filter((d) => d.advancesCounter)
      .map((d) => ({ params: d.params, binding: null }));
    // Every binding is checked before anything is written.
    const items: NewAccount[] = orderOf(chosen).map((entry) => ({
      params: entry.params,
      binding: bindingFor(entry, request.sites?.[entry.where]),
      restore: {
        pinned: entry.meta.pinned,
        ...(entry.meta.createdAt !== null ? { createdAt: Date.parse(entry.meta.createdAt) } : {}),
      },
    }));
    const all = [...items, ...counters];
    const results = all.length > 0 ? (await vault.addAccounts(all)).slice(0, items.length) : [];
    let settingsRestored = false;
    if (request.restoreSettings === true && pending.preview.settings !== null) {
      settingsRestored = await restoreSettings(pending.preview.settings);
    }
    await removePending(request.id);
    const result: ImportCommitResult = {
      added: results.filter((r) => r.outcome !== 'duplicate').map((r) => toSummary(r.account)),
      duplicates: results.filter((r) => r.outcome === 'duplicate').length,
      settingsRestored,
    };
    settle(request.id, (w) => w.resolve(result));
    return result;
  }

  async function restoreSettings(saved: Record<string, unknown>): Promise<boolean> {
    const current = await vault.settings();
    // Only keys this version knows, with the type it expects; the vault checks the values.
    const patch = Object.fromEntries(
      Object.entries(saved).filter(([key, value]) => key in current && typeof value === typeof current[key as keyof Settings]),
    ) as Partial<Settings>;
    try {
      await vault.updateSettings(patch);
      return true;
    } catch {
      return false; // The accounts are in; settings the vault refuses stay as they are.
    }
  }

  function settle(id: string, how: (waiter: Waiter) => void): void {
    const waiter = waiters.get(id);
    if (!waiter) return;
    waiters.delete(id);
    how(waiter);
  }

  return {
    /** Reads a file or pasted text and stages its preview. */
    async preview(input: ImportInput): Promise<ImportPreviewView> {
      if (typeof input.base64 === 'string' && input.base64.length > Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4) {
        throw new BackupError('too_large', `This file is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB; a backup of authenticator accounts is far smaller. Check that you chose the right file.`);
      }
      const data =
        typeof input.base64 === 'string' ? decodeBase64Field(input.base64, 'file', 'file') : typeof input.text === 'string' ? input.text : null;
      if (data === null) throw new BackupError('empty', 'Choose a file or paste the text to import.');
      const parsed = await readImport(data, input.password === undefined ? {} : { password: input.password });
      return (await stage(parsed, 'file')).view;
    },

    /** Imports waiting for the user (scanned exports first shown in the popup). */
    async pending(): Promise<ImportPreviewView[]> {
      return (await listPending(now())).map((p) => previewView(p.preview, { id: p.id, source: p.source, createdAt: p.createdAt }));
    },

    commit,

    async discard(id: string): Promise<void> {
      await removePending(id);
      settle(id, (w) => w.reject(new BackupError('import_declined', 'The import was cancelled; nothing was added.')));
    },

    /**
     * One scanned `otpauth-migration://` QR code. Until every code of the export is in, says
     * how far it is ("2 of 3 scanned"). Then previews the accounts: with `confirmImports` off
     * they are added at once; otherwise this resolves when the user accepts the import in the
     * popup (and rejects with `import_declined` if they cancel).
     */
    async scannedMigration(uri: string): Promise<MigrationScanResult> {
      const decoded = decodeMigrationUri(uri);
      const at = now();
      let state: MigrationBatchState;
      try {
        state = addMigrationPart(await loadBatch(at), decoded);
      } catch {
        // A code from another export: that export starts over (the old one was never finished).
        state = addMigrationPart(null, decoded);
      }
      const progress = migrationBatchProgress(state);
      if (!progress.complete) {
        await saveBatch(state, at);
        return { added: [], ...progressOf(progress) };
      }
      await clearBatch();
      const contents = migrationBatchContents(state);
      const parsed: ParsedImport = {
        format: 'google-migration',
        encrypted: false,
        candidates: contents.accounts.map((params, i) => ({ where: `account ${i + 1}`, params, meta: NO_META })),
        invalid: contents.invalid.map((p) => ({ where: `QR code ${p.part}, account ${p.index + 1}`, label: labelOf(p.issuer, p.name), code: p.code, message: p.message })),
        notes: [],
        settings: null,
      };
      const { id, view } = await stage(parsed, 'scan');
      if (view.toAdd.length === 0) {
        // Nothing to ask about: every account is already here or cannot be imported.
        await removePending(id);
        const invalid = view.invalid.map((p) => `${p.label}: ${p.message}`).join(' ');
        const message = `Nothing new to import: ${view.duplicates.length} already in your vault${invalid ? `; not importable: ${invalid}` : '.'}`;
        return { added: [], ...progressOf(progress), message };
      }
      const confirm = (await vault.settings()).confirmImports;
      const committed = confirm ? await new Promise<ImportCommitResult>((resolve, reject) => waiters.set(id, { resolve, reject })) : await commit({ id });
      return { added: committed.added, ...progressOf(progress) };
    },

    /** Binds an unbound (imported) account to the site the user typed for it. */
    async assignSite(id: string, site: string) {
      const binding = parseSite(site, 'this account');
      return vault.assignSite(id, binding);
    },

    /** Writes one of the exports. Unencrypted ones need `confirmUnencrypted`. */
    async export(request: ExportRequest): Promise<ExportResult> {
      if (request.kind !== 'encrypted' && request.confirmUnencrypted !== true) {
        throw new BackupError(
          'confirmation_required',
          'This export is not encrypted: anyone who gets it can generate your codes. Confirm that you understand before exporting.',
        );
      }
      const { accounts, failed } = await vault.exportAccounts();
      const damaged = failed.map((f) => ({ label: labelOf(f.account.issuer, f.account.account), message: f.error.message }));
      const at = now();
      const day = new Date(at).toISOString().slice(0, 10);
      const params: OtpParams[] = accounts.map((a) => a.params);
      switch (request.kind) {
        case 'encrypted':
        case 'plain': {
          const content = { accounts: accounts.map(({ account, params: p }): BackupAccount => ({
            ...p,
            id: account.id,
            origin: account.origin,
            site: account.site,
            pinned: account.pinned,
            previous: account.previous,
            order: account.order,
            createdAt: new Date(account.createdAt).toISOString(),
            updatedAt: null,
          })), settings: { ...(await vault.settings()) } };
          const text =
            request.kind === 'encrypted'
              ? await writeEncryptedBackup(content, { password: request.password ?? '', now: at })
              : writePlainBackup(content, { now: at });
          await vault.recordBackup(at);
          const name = `phone-free-authenticator-${request.kind === 'plain' ? 'UNENCRYPTED-' : ''}backup-${day}.json`;
          return { kind: request.kind, file: { name, mimeType: 'application/json', text }, uris: [], accountCount: accounts.length, leftOut: damaged };
        }
        case 'uris':
          return {
            kind: 'uris',
            file: { name: `phone-free-authenticator-otpauth-${day}.txt`, mimeType: 'text/plain', text: exportUriList(params, at) },
            uris: [],
            accountCount: accounts.length,
            leftOut: damaged,
          };
        case 'migration': {
          const { uris, skipped } = exportMigrationCodes(params);
          return {
            kind: 'migration',
            file: null,
            uris,
            accountCount: accounts.length - skipped.length,
            leftOut: [...damaged, ...skipped.map((s) => ({ label: labelOf(s.issuer, s.account), message: s.message }))],
          };
        }
      }
    },
  };
}

function progressOf(progress: ReturnType<typeof migrationBatchProgress>): Omit<MigrationScanResult, 'added'> {
  return { scanned: progress.scanned, total: progress.total, complete: progress.complete, message: describeMigrationProgress(progress) };
}

/** Entries in the order they had (our backups say; other files' order otherwise). */
function orderOf(entries: PreviewEntry[]): PreviewEntry[] {
  return entries.map((entry, i) => ({ entry, i })).sort((a, b) => (a.entry.meta.order ?? a.i) - (b.entry.meta.order ?? b.i) || a.i - b.i).map((x) => x.entry);
}

/**
 * The site an entry is bound to: the one the user typed for it; else the one our own backup
 * carries; else none (an imported account never fills until the user assigns its site).
 */
function bindingFor(entry: PreviewEntry, typed: string | undefined): SiteBinding | null {
  if (typed !== undefined && typed.trim() !== '') return parseSite(typed, labelOf(entry.params.issuer, entry.params.account));
  return entry.meta.origin === null ? null : siteOf(entry.meta.origin);
}

/** A site the user typed ("github.com", "https://login.example.org") as a binding. */
function parseSite(typed: string, forWhom: string): SiteBinding {
  const text = typed.trim();
  const binding = text === '' ? null : siteOf(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  if (binding === null || (!binding.site.includes('.') && binding.site !== 'localhost')) {
    throw new BackupError('bad_site', `"${text.slice(0, 80)}" is not a web site; type a domain such as github.com for ${forWhom}.`);
  }
  return binding;
}
