/**
 * The preview shown before anything is written: what will be added, what is already there
 * and what cannot be imported and why. Two entries are the same account only when type,
 * secret, issuer and account name all match (an exact duplicate, in the vault or earlier in
 * the file); accounts that merely share a secret are different accounts and are all added
 * (a Google export of 20 accounts with shared keys imports 20), each saying so. Of two exact
 * HOTP duplicates the newer (higher) counter wins. Committing a preview is the vault's single
 * transaction.
 */
import { Secret } from 'otpauth';
import type { OtpParams } from '../../shared/otp';
import type { ImportEntryView, ImportPreviewView } from '../../shared/protocol/backup';
import { describeDetected } from './detect-format';
import type { ImportCandidate, ImportFormat, ImportProblem, ParsedImport } from './import-types';
import { suggestSite } from '../../shared/site/suggest-site';
import { labelOf } from './to-candidate';

/** What the preview needs to know about the vault: each account (previous tokens included). */
export type ExistingAccount = { id: string; params: Pick<OtpParams, 'type' | 'secret' | 'issuer' | 'account' | 'counter'> };

export type PreviewEntry = ImportCandidate & {
  /** For accounts without a site binding: a suggestion from the issuer, for the user to confirm. */
  suggestedSite: string | null;
  /** Another account (in the vault or this file) with the same secret but another name or type. */
  sharesSecretWith: string | null;
};

export type PreviewDuplicate = ImportCandidate & {
  duplicateOf: { kind: 'vault'; id: string } | { kind: 'file'; where: string };
  /** An exact HOTP duplicate of a vault account whose counter is newer: committing moves the vault's counter on. */
  advancesCounter: boolean;
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

/** What makes two entries one account: type, secret bytes, issuer and account name. */
function accountKey(params: ExistingAccount['params'], secret: string): string {
  return JSON.stringify([params.type, secret, params.issuer, params.account]);
}

export function buildPreview(parsed: ParsedImport, existing: readonly ExistingAccount[]): ImportPreview {
  const inVault = new Map<string, ExistingAccount>();
  /** Secret -> the name of the first account holding it (vault first, then the file). */
  const holders = new Map<string, string>();
  for (const account of existing) {
    try {
      const secret = secretKey(account.params.secret);
      inVault.set(accountKey(account.params, secret), account);
      if (!holders.has(secret)) holders.set(secret, `${labelOf(account.params.issuer, account.params.account)}, in your vault`);
    } catch {
      // A vault record whose secret cannot be decoded matches nothing; the vault reports it itself.
    }
  }
  const inFile = new Map<string, PreviewEntry>();
  const toAdd: PreviewEntry[] = [];
  const duplicates: PreviewDuplicate[] = [];
  for (const candidate of parsed.candidates) {
    const secret = secretKey(candidate.params.secret);
    const key = accountKey(candidate.params, secret);
    const vault = inVault.get(key);
    const earlier = inFile.get(key);
    if (vault !== undefined) {
      const advancesCounter = candidate.params.type === 'hotp' && candidate.params.counter > vault.params.counter;
      duplicates.push({ ...candidate, duplicateOf: { kind: 'vault', id: vault.id }, advancesCounter });
    } else if (earlier !== undefined) {
      if (candidate.params.type === 'hotp' && candidate.params.counter > earlier.params.counter) {
        earlier.params = { ...earlier.params, counter: candidate.params.counter };
      }
      duplicates.push({ ...candidate, duplicateOf: { kind: 'file', where: earlier.where }, advancesCounter: false });
    } else {
      const entry: PreviewEntry = {
        ...candidate,
        suggestedSite: candidate.meta.origin === null ? suggestSite(candidate.params.issuer) : null,
        sharesSecretWith: holders.get(secret) ?? null,
      };
      if (!holders.has(secret)) holders.set(secret, `${labelOf(candidate.params.issuer, candidate.params.account)}, ${candidate.where}`);
      inFile.set(key, entry);
      toAdd.push(entry);
    }
  }
  return { format: parsed.format, encrypted: parsed.encrypted, toAdd, duplicates, invalid: parsed.invalid, notes: parsed.notes, settings: parsed.settings };
}

/** The preview as a page sees it: every entry without its secret. */
export function previewView(preview: ImportPreview, context: { id: string; source: ImportPreviewView['source']; createdAt: number }): ImportPreviewView {
  const entry = (c: ImportCandidate, suggestedSite: string | null, sharesSecretWith: string | null): ImportEntryView => ({
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
    sharesSecretWith,
  });
  return {
    ...context,
    format: preview.format,
    formatName: describeDetected(preview),
    encrypted: preview.encrypted,
    // `?? null` and `=== true`: a preview staged by an older version (session storage) lacks them.
    toAdd: preview.toAdd.map((e) => entry(e, e.suggestedSite, e.sharesSecretWith ?? null)),
    duplicates: preview.duplicates.map((d) => ({ ...entry(d, null, null), duplicateOf: d.duplicateOf, advancesCounter: d.advancesCounter === true })),
    invalid: preview.invalid,
    notes: preview.notes,
    hasSettings: preview.settings !== null,
  };
}
