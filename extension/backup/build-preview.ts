/**
 * The preview shown before anything is written: what will be added, what is already there
 * (same secret as an account in the vault, or twice in the file) and what cannot be
 * imported and why. Committing a preview is the vault's single transaction.
 */
import { Secret } from 'otpauth';
import type { ImportEntryView, ImportPreviewView } from '../../shared/protocol/backup';
import { describeDetected } from './detect-format';
import type { ImportCandidate, ImportFormat, ImportProblem, ParsedImport } from './import-types';
import { suggestSite } from './suggest-site';

/** What the preview needs to know about the vault: each account's id and secret (previous tokens included). */
export type ExistingAccount = { id: string; secret: string };

export type PreviewEntry = ImportCandidate & {
  /** For accounts without a site binding: a suggestion from the issuer, for the user to confirm. */
  suggestedSite: string | null;
};

export type PreviewDuplicate = ImportCandidate & {
  duplicateOf: { kind: 'vault'; id: string } | { kind: 'file'; where: string };
};

export type ImportPreview = {
  format: ImportFormat;
  encrypted: boolean;
  toAdd: PreviewEntry[];
  duplicates: PreviewDuplicate[];
  invalid: ImportProblem[];
  notes: string[];
  settings: Record<string, unknown> | null;
};

/** Two secrets are the same when their bytes are, however the base32 was written. */
export function secretKey(secret: string): string {
  return Secret.fromBase32(secret).hex;
}

export function buildPreview(parsed: ParsedImport, existing: readonly ExistingAccount[]): ImportPreview {
  const inVault = new Map<string, string>();
  for (const account of existing) {
    try {
      inVault.set(secretKey(account.secret), account.id);
    } catch {
      // A vault record whose secret cannot be decoded matches nothing; the vault reports it itself.
    }
  }
  const inFile = new Map<string, string>();
  const toAdd: PreviewEntry[] = [];
  const duplicates: PreviewDuplicate[] = [];
  for (const candidate of parsed.candidates) {
    const key = secretKey(candidate.params.secret);
    const vaultId = inVault.get(key);
    const earlier = inFile.get(key);
    if (vaultId !== undefined) duplicates.push({ ...candidate, duplicateOf: { kind: 'vault', id: vaultId } });
    else if (earlier !== undefined) duplicates.push({ ...candidate, duplicateOf: { kind: 'file', where: earlier } });
    else {
      inFile.set(key, candidate.where);
      toAdd.push({ ...candidate, suggestedSite: candidate.meta.origin === null ? suggestSite(candidate.params.issuer) : null });
    }
  }
  return { format: parsed.format, encrypted: parsed.encrypted, toAdd, duplicates, invalid: parsed.invalid, notes: parsed.notes, settings: parsed.settings };
}

/** The preview as a page sees it: every entry without its secret. */
export function previewView(preview: ImportPreview, context: { id: string; source: ImportPreviewView['source']; createdAt: number }): ImportPreviewView {
  const entry = (c: ImportCandidate, suggestedSite: string | null): ImportEntryView => ({
    where: c.where,
    issuer: c.params.issuer,
    account: c.params.account,
    type: c.params.type,
    algorithm: c.params.algorithm,
    digits: c.params.digits,
    period: c.params.period,
    origin: c.meta.origin,
    site: c.meta.site,
    pinned: c.meta.pinned,
    previous: c.meta.previous,
    suggestedSite,
  });
  return {
    ...context,
    format: preview.format,
    formatName: describeDetected(preview),
    encrypted: preview.encrypted,
    toAdd: preview.toAdd.map((e) => entry(e, e.suggestedSite)),
    duplicates: preview.duplicates.map((d) => ({ ...entry(d, null), duplicateOf: d.duplicateOf })),
    invalid: preview.invalid,
    notes: preview.notes,
    hasSettings: preview.settings !== null,
  };
}
