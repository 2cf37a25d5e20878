/**
 * The preview shown before anything is written: what will be added, what is already there
 * (same secret as an account in the vault, or twice in the file) and what cannot be
 * imported and why. Committing a preview is the vault's single transaction.
 */
import { Secret } from 'otpauth';
import type { OtpParams } from '../../shared/otp';
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

/** An account as the options page shows it: everything but the secret. */
export type PublicParams = Omit<OtpParams, 'secret'>;

/** The preview without any secret, for showing in a page. */
export function publicPreview(preview: ImportPreview) {
  const strip = <T extends ImportCandidate>({ params, ...rest }: T) => {
    const { secret: _secret, ...visible } = params;
    return { ...rest, params: visible as PublicParams };
  };
  return {
    format: preview.format,
    encrypted: preview.encrypted,
    toAdd: preview.toAdd.map(strip),
    duplicates: preview.duplicates.map(strip),
    invalid: preview.invalid,
    notes: preview.notes,
    restoresSettings: preview.settings !== null,
  };
}

export type PublicImportPreview = ReturnType<typeof publicPreview>;
