/** What every import parser returns and what a preview is built from. */
import type { OtpParams } from '../../shared/otp';

export type ImportFormat =
  | 'otpauth-list'
  | 'google-migration'
  | 'aegis'
  | '2fas'
  | 'authenticator-extension'
  | 'bitwarden-json'
  | 'bitwarden-csv'
  | 'proton-authenticator'
  | 'andotp'
  | 'ente-auth'
  | 'phone-free-backup';

/** Names shown to people for each format. */
export const FORMAT_NAMES: Record<ImportFormat, string> = {
  'otpauth-list': 'list of otpauth:// addresses',
  'google-migration': 'Google Authenticator export',
  aegis: 'Aegis vault export',
  '2fas': '2FAS backup',
  'authenticator-extension': 'Authenticator extension backup',
  'bitwarden-json': 'Bitwarden export (.json)',
  'bitwarden-csv': 'Bitwarden export (.csv)',
  'proton-authenticator': 'Proton Authenticator export',
  andotp: 'andOTP backup',
  'ente-auth': 'Ente Auth export',
  'phone-free-backup': 'Phone-free Authenticator backup',
};

/** What a vault account carries beyond its OTP parameters; only our own backups have all of it. */
export type AccountMeta = {
  /** The id it had in the vault it was backed up from (our own backups only). */
  id: string | null;
  /** The page origin the account is bound to; null until the user assigns one. */
  origin: string | null;
  /** Its registrable domain (or host for localhost and IP addresses). */
  site: string | null;
  pinned: boolean;
  /** A replaced token kept one click away. */
  previous: boolean;
  /** Position in the user's list; lower first. */
  order: number | null;
  createdAt: string | null;
  updatedAt: string | null;
};

export const NO_META: AccountMeta = { id: null, origin: null, site: null, pinned: false, previous: false, order: null, createdAt: null, updatedAt: null };

/** An account that can be imported. `where` says where it came from ("line 3", "entry 2"). */
export type ImportCandidate = { where: string; params: OtpParams; meta: AccountMeta };

/** An entry that cannot be imported, named so the user recognises it, with the reason. */
export type ImportProblem = { where: string; label: string; code: string; message: string };

export type ParsedImport = {
  format: ImportFormat;
  encrypted: boolean;
  candidates: ImportCandidate[];
  invalid: ImportProblem[];
  /** Things worth saying that are not errors ("QR code 2 of 3: scan the others too"). */
  notes: string[];
  /** Settings carried by our own backup format, applied only on an explicit restore. */
  settings: Record<string, unknown> | null;
};
